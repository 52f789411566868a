package org.openipma.b2bua.web;

import java.io.IOException;
import java.io.OutputStream;

/**
 * What {@code GET /metrics} serves (administrators only): a scrape in some exposition format, written by
 * whoever owns the metrics. The web layer writes no metric itself; without one, {@code /metrics} answers 404.
 */
public interface MetricsExposition {
    /** The answer's Content-Type, e.g. {@code text/plain; version=0.0.4; charset=utf-8}. */
    String contentType();

    /** Writes one scrape to {@code out}; called off the network threads, once per request. */
    void writeTo(OutputStream out) throws IOException;
}
