package org.openipma.benchmarks;

import org.openipma.routing.Route;

/**
 * One way of answering "where does this caller's dialed string go": the dial plan's trie, or a rival it is
 * compared against in the same run. Calling search spaces are numbered by the {@link LookupFixture}.
 */
interface Router {

    /** The closest match for {@code digits} dialed through CSS number {@code css}, or {@link Route#NOT_FOUND}. */
    Route route(int css, String digits);
}
