package org.openipma.routing;

/**
 * A pattern that is not valid CUCM pattern syntax, or uses syntax this product does not support.
 *
 * <p>The message names the pattern, the rule and the position (0-based, in characters of the
 * pattern text), for example {@code pattern '10!X': '!' must be the last element (position 2)}.
 * {@link #inPartition(String)} adds where the pattern was declared.
 */
public final class InvalidPatternException extends IllegalArgumentException {
    private final String pattern;
    private final String rule;
    private final int position;

    InvalidPatternException(String pattern, String rule, int position) {
        this(pattern, null, rule, position);
    }

    private InvalidPatternException(String pattern, String partition, String rule, int position) {
        super("pattern '" + pattern + "'" + (partition == null ? "" : " in partition " + partition) + ": " + rule
                + (position >= 0 ? " (position " + position + ")" : ""));
        this.pattern = pattern;
        this.rule = rule;
        this.position = position;
    }

    /** Returns the same error, its message naming the partition the pattern was declared in. */
    public InvalidPatternException inPartition(String partition) {
        return new InvalidPatternException(pattern, partition, rule, position);
    }

    /** The pattern text as written. */
    public String pattern() {
        return pattern;
    }

    /** The rule broken, without the pattern or position, e.g. {@code '!' must be the last element}. */
    public String rule() {
        return rule;
    }

    /** 0-based character position of the offending element, or -1 when the rule is about the whole pattern. */
    public int position() {
        return position;
    }
}
