package org.openipma.routing;

/**
 * One pattern declared in one partition, with its owner: what digit analysis returns when a dialed
 * string matches. Instances are created once, when the plan is built, so a lookup returns them without
 * allocating. {@link #NOT_FOUND} stands for "no pattern the caller can see matches".
 */
public final class Route {
    /** The result of a lookup that matched nothing the calling search space reaches. */
    public static final Route NOT_FOUND = new Route(null, null, -1, null, Integer.MAX_VALUE);

    private final Pattern pattern;
    private final String partition;
    /**
     * Index of {@link #partition} in its plan's declaration order, so a lookup finds the partition's CSS
     * position without resolving its name; -1 for {@link #NOT_FOUND}. Costs no memory: the object is padded
     * to 32 bytes either way.
     */
    final int partitionIndex;
    private final Target target;
    /** Declaration order within the plan; breaks ties between equally specific patterns of one partition. */
    final int ordinal;

    Route(Pattern pattern, String partition, int partitionIndex, Target target, int ordinal) {
        this.pattern = pattern;
        this.partition = partition;
        this.partitionIndex = partitionIndex;
        this.target = target;
        this.ordinal = ordinal;
    }

    public boolean isFound() {
        return this != NOT_FOUND;
    }

    /** The matched pattern; null for {@link #NOT_FOUND}. */
    public Pattern pattern() {
        return pattern;
    }

    /** The partition the matched pattern is in; null for {@link #NOT_FOUND}. */
    public String partition() {
        return partition;
    }

    /** The owner of the matched pattern; null for {@link #NOT_FOUND}. */
    public Target target() {
        return target;
    }

    @Override
    public String toString() {
        return isFound() ? pattern.text() + "/" + partition + " (" + target.describe() + ")" : "not found";
    }
}
