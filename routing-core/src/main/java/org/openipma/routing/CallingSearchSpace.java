package org.openipma.routing;

import java.util.List;

/**
 * An ordered list of partitions of one {@link DialPlan}, resolved to indexes when it is created so a
 * lookup does no name resolution. Obtain one from {@link DialPlan#callingSearchSpace(String, List)} or
 * {@link DialPlan#effective(CallingSearchSpace, CallingSearchSpace)}.
 */
public final class CallingSearchSpace {
    private final String name;
    private final List<String> partitions;
    final int[] partitionIndexes;
    final DialPlan plan;

    CallingSearchSpace(String name, List<String> partitions, int[] partitionIndexes, DialPlan plan) {
        this.name = name;
        this.partitions = List.copyOf(partitions);
        this.partitionIndexes = partitionIndexes;
        this.plan = plan;
    }

    /** The CSS name, e.g. {@code CSS_IPMA}; an effective CSS is named {@code line+device}. */
    public String name() {
        return name;
    }

    /** The partitions searched, in order (earlier ones win ties). */
    public List<String> partitions() {
        return partitions;
    }

    /** Position of {@code partition} in this CSS, or -1 when the CSS does not reach it. */
    public int indexOf(String partition) {
        return partitions.indexOf(partition);
    }

    @Override
    public String toString() {
        return name + partitions;
    }
}
