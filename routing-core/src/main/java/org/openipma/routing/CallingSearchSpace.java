package org.openipma.routing;

import java.util.Arrays;
import java.util.List;

/**
 * An ordered list of partitions of one {@link DialPlan}, resolved to indexes when it is created so a
 * lookup does no name resolution. Obtain one from {@link DialPlan#callingSearchSpace(String, List)} or
 * {@link DialPlan#effective(CallingSearchSpace, CallingSearchSpace)}.
 */
public final class CallingSearchSpace {
    private final String name;
    private final List<String> partitions;
    final DialPlan plan;
    /**
     * Per partition of the plan, by declaration index: its position in this CSS (0 = searched first), or -1
     * when this CSS does not reach it. A partition listed twice keeps its first position.
     */
    final int[] positions;
    /**
     * Bit {@code p % 64} is set for every partition {@code p} this CSS reaches: lets a lookup skip a subtree
     * whose partitions are all out of reach with one AND ({@link PatternTrie}). With more than 64 partitions
     * bits are shared, which only makes the test less selective, never wrong.
     */
    final long partitionBits;

    /**
     * @param partitionIndexes the listed partitions' declaration indexes, in CSS order
     * @param partitionCount   number of partitions declared in {@code plan}
     */
    CallingSearchSpace(String name, List<String> partitions, int[] partitionIndexes, int partitionCount,
                       DialPlan plan) {
        this.name = name;
        this.partitions = List.copyOf(partitions);
        this.plan = plan;
        this.positions = new int[partitionCount];
        Arrays.fill(positions, -1);
        long bits = 0;
        for (int position = 0; position < partitionIndexes.length; position++) {
            int partition = partitionIndexes[position];
            if (positions[partition] < 0) {
                positions[partition] = position;
            }
            bits |= 1L << partition;
        }
        this.partitionBits = bits;
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
