package org.openipma.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.openipma.routing.Refusals.assertRefused;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance of {@link DialPlan} to closest match (REFERENCE §2). The pairwise rules run across every
 * {@link Placement} of the two patterns: one partition or two, either declaration order, either CSS order.
 */
class ClosestMatchTest {

    /**
     * Where patterns {@code a} and {@code b} go: both in one partition (then only declaration order can
     * break a tie), or each in its own partition, with the partitions declared and searched in either order.
     */
    record Placement(boolean onePartition, boolean declareAFirst, boolean aFirstInCss, boolean declarePartitionAFirst) {

        static List<Placement> all() {
            List<Placement> placements = new ArrayList<>();
            for (boolean declareAFirst : new boolean[] {true, false}) {
                placements.add(new Placement(true, declareAFirst, true, true));
                for (boolean aFirstInCss : new boolean[] {true, false}) {
                    for (boolean declarePartitionAFirst : new boolean[] {true, false}) {
                        placements.add(new Placement(false, declareAFirst, aFirstInCss, declarePartitionAFirst));
                    }
                }
            }
            return placements;
        }

        /** Whether {@code a} wins a tie: by declaration order in one partition, else by CSS order. */
        boolean aWinsTies() {
            return onePartition ? declareAFirst : aFirstInCss;
        }

        Placed place(String a, String b) {
            String partitionA = onePartition ? "PT_ONE" : "PT_A";
            String partitionB = onePartition ? "PT_ONE" : "PT_B";
            DialPlan.Builder builder = DialPlan.builder();
            List<String> declared = onePartition ? List.of("PT_ONE")
                    : declarePartitionAFirst ? List.of("PT_A", "PT_B") : List.of("PT_B", "PT_A");
            declared.forEach(builder::partition);
            Route routeA;
            Route routeB;
            if (declareAFirst) {
                routeA = builder.add(partitionA, a, line("A"));
                routeB = builder.add(partitionB, b, line("B"));
            } else {
                routeB = builder.add(partitionB, b, line("B"));
                routeA = builder.add(partitionA, a, line("A"));
            }
            DialPlan plan = builder.build();
            List<String> searched = onePartition ? List.of("PT_ONE")
                    : aFirstInCss ? List.of("PT_A", "PT_B") : List.of("PT_B", "PT_A");
            return new Placed(plan, plan.callingSearchSpace("CSS", searched), routeA, routeB);
        }

        @Override
        public String toString() {
            return onePartition ? "one partition, " + (declareAFirst ? "a" : "b") + " declared first"
                    : "CSS [" + (aFirstInCss ? "PT_A, PT_B" : "PT_B, PT_A") + "], partitions declared "
                            + (declarePartitionAFirst ? "A, B" : "B, A") + ", " + (declareAFirst ? "a" : "b")
                            + " declared first";
        }
    }

    record Placed(DialPlan plan, CallingSearchSpace css, Route a, Route b) {
    }

    static Target line(String name) {
        return Target.of(Target.Kind.PHONE_LINE, "phone " + name);
    }

    private static Stream<Arguments> acrossPlacements(boolean allowOnePartition, String[]... cases) {
        List<Arguments> arguments = new ArrayList<>();
        for (String[] c : cases) {
            for (Placement placement : Placement.all()) {
                if (allowOnePartition || !placement.onePartition()) {
                    arguments.add(Arguments.of(c[0], c[1], c[2], placement));
                }
            }
        }
        return arguments.stream();
    }

    /** Pairs: (more specific, less specific, dialed) where both match the dialed string. */
    static Stream<Arguments> moreSpecificPairs() {
        return acrossPlacements(true,
                new String[] {"1001", "100X", "1001"},
                new String[] {"100X", "10XX", "1005"},
                new String[] {"[0-5]", "X", "3"},
                new String[] {"[^5]", "X", "3"},
                new String[] {"1[01]X", "1XX", "105"},
                new String[] {"10!", "1XXXX", "10234"},
                new String[] {"10!", "1XXX", "1023"},
                new String[] {"10!", "1!", "10234"},
                new String[] {"1?1", "X+", "111"},
                new String[] {"*1001", "*100X", "*1001"},
                new String[] {"*100X", "*X+", "*1001"},
                new String[] {"9.#", "[89]#", "9#"},
                new String[] {"\\+1001", "\\+100X", "+1001"},
                new String[] {"100[1]", "100X", "1001"},
                new String[] {"1.001", "1.00X", "1001"},
                new String[] {"12345678901234567", "1234567890123456X", "12345678901234567"},
                new String[] {"\\+12345678901234567", "\\+1234567890123456!", "+12345678901234567"});
    }

    @ParameterizedTest(name = "{0} beats {1} dialing {2}; {3}")
    @MethodSource("moreSpecificPairs")
    void moreSpecificPatternWinsWhateverThePlacement(String winner, String loser, String dialed, Placement placement) {
        int length = dialed.length();
        assertTrue(Pattern.parse(winner).matches(dialed) && Pattern.parse(loser).matches(dialed));
        assertTrue(Pattern.parse(winner).countAt(length) < Pattern.parse(loser).countAt(length));
        Placed placed = placement.place(winner, loser);

        assertSame(placed.a(), placed.plan().route(placed.css(), dialed));
        Explanation explanation = placed.plan().explain(placed.css(), dialed);
        assertEquals(List.of(Explanation.Verdict.WINNER, Explanation.Verdict.LESS_SPECIFIC), verdicts(explanation));
        assertSame(placed.b(), explanation.candidates().get(1).route());
    }

    /** Pairs: (a, b, dialed) where a and b match the dialed string and equally many strings of its length. */
    static Stream<Arguments> equallySpecificPairs() {
        return Stream.concat(
                acrossPlacements(false, new String[] {"1001", "1001", "1001"}),
                acrossPlacements(true,
                        new String[] {"1[01]XX", "1X[01]X", "1012"},
                        new String[] {"100X", "10[01][0-4]", "1003"},
                        new String[] {"10!", "10XX", "1023"},
                        new String[] {"9!", "9XXXX", "91234"},
                        new String[] {"*1001#", "*1001#?", "*1001#"},
                        new String[] {"1001", "10?01", "1001"},
                        new String[] {"100[1]", "1?001", "1001"},
                        new String[] {"\\+1001", "\\+?1001", "+1001"},
                        // Beyond 2^53 a product of set sizes rounds differently in different orders: 3e23 and
                        // 7e25 strings each, which naive double products would not call equal.
                        new String[] {"XXXXXXXXXXXXXXXXXXXXXXX[0-2]", "XXXXXXXXXXXXXXXXXXXXXX[0-2]X", "1".repeat(24)},
                        new String[] {"XXX[0-6]XXXXXXXXXXXXXXXXXXXXXX", "XXXXXXXXXXXXXXXXXXXXXXXXX[0-6]", "1".repeat(26)}));
    }

    @ParameterizedTest(name = "{0} ties with {1} dialing {2}; {3}")
    @MethodSource("equallySpecificPairs")
    void equallySpecificPatternsTieToFirstPartitionInCssThenFirstDeclared(String a, String b, String dialed,
                                                                         Placement placement) {
        int length = dialed.length();
        assertTrue(Pattern.parse(a).matches(dialed) && Pattern.parse(b).matches(dialed));
        assertEquals(Pattern.parse(a).exactCountAt(length), Pattern.parse(b).exactCountAt(length));
        Placed placed = placement.place(a, b);

        Route expected = placement.aWinsTies() ? placed.a() : placed.b();
        assertSame(expected, placed.plan().route(placed.css(), dialed));
        Explanation.Verdict loser = placement.onePartition()
                ? Explanation.Verdict.DECLARED_LATER : Explanation.Verdict.LATER_PARTITION;
        assertEquals(List.of(Explanation.Verdict.WINNER, loser),
                verdicts(placed.plan().explain(placed.css(), dialed)));
    }

    private static List<Explanation.Verdict> verdicts(Explanation explanation) {
        return explanation.candidates().stream().map(Explanation.Candidate::verdict).toList();
    }

    /**
     * A plan from lines {@code "PT_NAME: pattern pattern ..."}: partitions declared in the order given,
     * patterns in the order written, each owned by a target named after its pattern.
     */
    static DialPlan plan(String... partitions) {
        DialPlan.Builder builder = DialPlan.builder();
        for (String partition : partitions) {
            builder.partition(partition.substring(0, partition.indexOf(':')));
        }
        for (String partition : partitions) {
            String name = partition.substring(0, partition.indexOf(':'));
            for (String pattern : partition.substring(partition.indexOf(':') + 1).trim().split(" +")) {
                if (!pattern.isEmpty()) {
                    builder.add(name, pattern, line(pattern));
                }
            }
        }
        return builder.build();
    }

    /** {@code pattern/partition} of the route, or {@code NOT_FOUND}. */
    private static String routed(DialPlan plan, CallingSearchSpace css, String dialed) {
        Route route = plan.route(css, dialed);
        return route.isFound() ? route.pattern().text() + "/" + route.partition() : "NOT_FOUND";
    }

    private static String routed(DialPlan plan, String dialed) {
        return routed(plan, plan.callingSearchSpace("CSS", plan.partitions()), dialed);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "10, NOT_FOUND",
            "102, 10!/PT_BANG",
            "1023, 10XX/PT_FIXED",
            "10234, 10!/PT_BANG",
            "12345, 1XXXX/PT_FIVE",
            "1023456789, 10!/PT_BANG",
            "1023#, NOT_FOUND"})
    void bangIsCountedAtTheLengthDialed(String dialed, String expected) {
        DialPlan plan = plan("PT_FIVE: 1XXXX", "PT_FIXED: 10XX", "PT_BANG: 10!");
        assertEquals(expected, routed(plan, dialed));
    }

    @Test
    void lineCssIsSearchedBeforeDeviceCss() {
        DialPlan plan = plan("PT_DEVICE: 1001 2000", "PT_LINE: 1001", "PT_OTHER: 2000");
        CallingSearchSpace lineCss = plan.callingSearchSpace("CSS_LINE", List.of("PT_LINE"));
        CallingSearchSpace deviceCss = plan.callingSearchSpace("CSS_DEVICE", List.of("PT_DEVICE", "PT_LINE"));

        CallingSearchSpace effective = plan.effective(lineCss, deviceCss);
        assertEquals("CSS_LINE+CSS_DEVICE", effective.name());
        assertEquals(List.of("PT_LINE", "PT_DEVICE"), effective.partitions());
        assertEquals("1001/PT_LINE", routed(plan, effective, "1001"));
        assertEquals("2000/PT_DEVICE", routed(plan, effective, "2000"));

        CallingSearchSpace reversed = plan.effective(deviceCss, lineCss);
        assertEquals(List.of("PT_DEVICE", "PT_LINE"), reversed.partitions());
        assertEquals("1001/PT_DEVICE", routed(plan, reversed, "1001"));
    }

    @Test
    void effective_withOneOrNoCssPresent() {
        DialPlan plan = plan("PT_A: 1001");
        CallingSearchSpace css = plan.callingSearchSpace("CSS_A", List.of("PT_A"));
        assertEquals("CSS_A[PT_A]", plan.effective(null, css).toString());
        assertEquals("CSS_A[PT_A]", plan.effective(css, null).toString());
        CallingSearchSpace none = plan.effective(null, null);
        assertEquals("<none>[]", none.toString());
        assertEquals("NOT_FOUND", routed(plan, none, "1001"));
    }

    @Test
    void moreSpecificPatternInDeviceCssBeatsWildcardInLineCss() {
        DialPlan plan = plan("PT_LINE: 100X", "PT_DEVICE: 1001");
        CallingSearchSpace effective = plan.effective(plan.callingSearchSpace("CSS_LINE", List.of("PT_LINE")),
                plan.callingSearchSpace("CSS_DEVICE", List.of("PT_DEVICE")));
        assertEquals("1001/PT_DEVICE", routed(plan, effective, "1001"));
        assertEquals("100X/PT_LINE", routed(plan, effective, "1002"));
    }

    @Test
    void unreachablePartitionBehavesAsAbsentButExplainListsIt() {
        DialPlan plan = plan("PT_INTERNAL: 2000", "PT_MANAGER: 1001");
        CallingSearchSpace css = plan.callingSearchSpace("CSS_DEFAULT", List.of("PT_INTERNAL"));
        assertSame(Route.NOT_FOUND, plan.route(css, "1001"));

        Explanation explanation = plan.explain(css, "1001");
        assertFalse(explanation.isRouted());
        assertSame(Route.NOT_FOUND, explanation.winner());
        Explanation.Candidate hidden = explanation.candidates().get(0);
        assertEquals(1, explanation.candidates().size());
        assertEquals("1001/PT_MANAGER", hidden.route().pattern() + "/" + hidden.route().partition());
        assertEquals(Explanation.Verdict.PARTITION_NOT_IN_CSS, hidden.verdict());
        assertEquals("partition not in the CSS", hidden.verdict().reason());
        assertEquals(-1, hidden.cssPosition());
        assertEquals(BigInteger.ONE, hidden.specificity());
    }

    @Test
    void unreachableExactMatchDoesNotHideAReachableWildcard() {
        DialPlan plan = plan("PT_INTERNAL: 100X", "PT_MANAGER: 1001");
        CallingSearchSpace css = plan.callingSearchSpace("CSS_DEFAULT", List.of("PT_INTERNAL"));
        assertEquals("100X/PT_INTERNAL", routed(plan, css, "1001"));
        assertEquals(List.of(Explanation.Verdict.WINNER, Explanation.Verdict.PARTITION_NOT_IN_CSS),
                verdicts(plan.explain(css, "1001")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "*1001, *1001/PT",
            "11001, X1001/PT",
            "9#, 9.#/PT",
            "41, [^5]1/PT",
            "92, 9!/PT",
            "91, [^5]1/PT",
            "*, NOT_FOUND",
            "#, NOT_FOUND",
            "9*, NOT_FOUND",
            "*1, NOT_FOUND",
            "#1001, NOT_FOUND"})
    void starAndHashAreDigitsOnlyLiteralsMatch(String dialed, String expected) {
        assertEquals(expected, routed(plan("PT: *1001 X1001 9.# X [^5]1 9!"), dialed));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"+12, \\+1X/PT", "312, X1X/PT", "+1, NOT_FOUND", "+123, NOT_FOUND", "112, X1X/PT"})
    void dialedPlusMatchesOnlyEscapedPlus(String dialed, String expected) {
        assertEquals(expected, routed(plan("PT: \\+1X X1X !"), dialed));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"10a1", "1001 ", " 1001", "1-001", "", "\u0661\u0660\u0660\u0661"})
    void nonDialableCharactersMatchNothing(String dialed) {
        DialPlan plan = plan("PT: 1001 ! 1X?1");
        assertEquals("NOT_FOUND", routed(plan, dialed));
    }

    @Test
    void dialedStringsLongerThan48DigitsMatchNothing() {
        DialPlan plan = plan("PT: !");
        assertEquals("!/PT", routed(plan, "1".repeat(48)));
        assertEquals("NOT_FOUND", routed(plan, "1".repeat(49)));
    }

    @Test
    void tiesWithinOnePartitionGoToTheFirstDeclared() {
        DialPlan plan = plan("PT: 1X[01]X 1[01]XX");
        assertEquals("1X[01]X/PT", routed(plan, "1012"));
        Explanation.Candidate later = plan.explain(plan.callingSearchSpace("CSS", List.of("PT")), "1012")
                .candidates().get(1);
        assertEquals("1[01]XX", later.route().pattern().text());
        assertEquals(Explanation.Verdict.DECLARED_LATER, later.verdict());
    }

    @Test
    void explain_listsWinnerThenByCssPositionThenSpecificityThenUnreachable() {
        DialPlan plan = plan("PT_HIDDEN: 1001", "PT_B: 10XX 1001", "PT_A: 100X 1001");
        CallingSearchSpace css = plan.callingSearchSpace("CSS", List.of("PT_A", "PT_B"));
        Explanation explanation = plan.explain(css, "1001");

        assertTrue(explanation.isRouted());
        assertEquals("1001", explanation.digits());
        assertSame(css, explanation.css());
        List<String> rows = new ArrayList<>();
        for (Explanation.Candidate c : explanation.candidates()) {
            rows.add(c.route().pattern() + "/" + c.route().partition() + " " + c.specificity() + " @" + c.cssPosition()
                    + " " + c.verdict());
        }
        assertEquals(List.of(
                "1001/PT_A 1 @0 WINNER",
                "100X/PT_A 10 @0 LESS_SPECIFIC",
                "1001/PT_B 1 @1 LATER_PARTITION",
                "10XX/PT_B 100 @1 LESS_SPECIFIC",
                "1001/PT_HIDDEN 1 @-1 PARTITION_NOT_IN_CSS"), rows);
        assertSame(explanation.winner(), explanation.candidates().get(0).route());
    }

    @Test
    void verdictReasonsAreWords() {
        Map<Explanation.Verdict, String> reasons = new LinkedHashMap<>();
        for (Explanation.Verdict verdict : Explanation.Verdict.values()) {
            reasons.put(verdict, verdict.reason());
        }
        assertEquals(Map.of(
                Explanation.Verdict.WINNER, "closest match",
                Explanation.Verdict.LESS_SPECIFIC, "less specific than the winner",
                Explanation.Verdict.LATER_PARTITION,
                "as specific as the winner, but its partition comes later in the CSS",
                Explanation.Verdict.DECLARED_LATER, "as specific as the winner in the same partition, but declared later",
                Explanation.Verdict.PARTITION_NOT_IN_CSS, "partition not in the CSS"), reasons);
    }

    @Test
    void add_duplicatePatternInOnePartition() {
        DialPlan.Builder builder = DialPlan.builder().partition("PT_INTERNAL").partition("PT_MANAGER");
        builder.add("PT_INTERNAL", "1001", line("SEP-A"));
        builder.add("PT_MANAGER", "1001", line("SEP-B"));
        assertRefused(IllegalArgumentException.class,
                "pattern '1001' in partition PT_INTERNAL is already declared (owned by phone SEP-A)",
                () -> builder.add("PT_INTERNAL", "1001", line("SEP-C")));
        assertEquals(2, builder.build().patternCount());
    }

    @Test
    void add_theSameElementsWrittenAnotherWayAreADuplicate() {
        DialPlan.Builder builder = DialPlan.builder().partition("PT_INTERNAL").partition("PT_MANAGER");
        builder.add("PT_INTERNAL", "1001", line("SEP-A"));
        builder.add("PT_INTERNAL", "10X", line("SEP-B"));
        builder.add("PT_MANAGER", "100[1]", line("SEP-C"));
        assertRefused(IllegalArgumentException.class,
                "pattern '100[1]' in partition PT_INTERNAL is already declared (owned by phone SEP-A)",
                () -> builder.add("PT_INTERNAL", "100[1]", line("SEP-D")));
        assertRefused(IllegalArgumentException.class,
                "pattern '1.001' in partition PT_INTERNAL is already declared (owned by phone SEP-A)",
                () -> builder.add("PT_INTERNAL", "1.001", line("SEP-D")));
        assertRefused(IllegalArgumentException.class,
                "pattern '10[0-9]' in partition PT_INTERNAL is already declared (owned by phone SEP-B)",
                () -> builder.add("PT_INTERNAL", "10[0-9]", line("SEP-D")));
        assertEquals(3, builder.build().patternCount());
    }

    @Test
    void literalsLongerThanSixteenDigitsAreToldApartByTheirLastDigits() {
        // Such literals share the literal index's key (their first 15 digits); the pattern decides.
        DialPlan plan = plan("PT_A: 12345678901234567890 12345678901234567891", "PT_B: 1234567890123456789X",
                "PT_C: 12345678901234567890");
        assertEquals("12345678901234567890/PT_A", routed(plan, "12345678901234567890"));
        assertEquals("12345678901234567891/PT_A", routed(plan, "12345678901234567891"));
        assertEquals("1234567890123456789X/PT_B", routed(plan, "12345678901234567892"));
        assertEquals("NOT_FOUND", routed(plan, "12345678901234567"));
        CallingSearchSpace css = plan.callingSearchSpace("CSS_C", List.of("PT_C", "PT_A"));
        assertEquals("12345678901234567890/PT_C", routed(plan, css, "12345678901234567890"));
        assertEquals("12345678901234567891/PT_A", routed(plan, css, "12345678901234567891"));
        assertEquals(3, plan.explain(css, "12345678901234567890").candidates().size());

        DialPlan.Builder builder = DialPlan.builder().partition("PT_A");
        builder.add("PT_A", "12345678901234567890", line("SEP-A"));
        builder.add("PT_A", "12345678901234567891", line("SEP-B"));
        assertRefused(IllegalArgumentException.class,
                "pattern '1234567890.1234567891' in partition PT_A is already declared (owned by phone SEP-B)",
                () -> builder.add("PT_A", "1234567890.1234567891", line("SEP-C")));
    }

    @Test
    void add_undeclaredPartition() {
        DialPlan.Builder builder = DialPlan.builder().partition("PT_INTERNAL").partition("PT_MANAGER");
        assertRefused(IllegalArgumentException.class,
                "pattern '1001': partition 'PT_MANGER' is not declared (declared: PT_INTERNAL, PT_MANAGER)",
                () -> builder.add("PT_MANGER", "1001", line("A")));
    }

    @Test
    void add_invalidPatternNamesThePartition() {
        DialPlan.Builder builder = DialPlan.builder().partition("PT_INTERNAL");
        assertRefused(InvalidPatternException.class,
                "pattern '10!X' in partition PT_INTERNAL: '!' must be the last element (position 2)",
                () -> builder.add("PT_INTERNAL", "10!X", line("A")));
    }

    @Test
    void partition_declaredTwice() {
        DialPlan.Builder builder = DialPlan.builder().partition("PT_A");
        assertRefused(IllegalArgumentException.class, "partition 'PT_A' is declared twice",
                () -> builder.partition("PT_A"));
    }

    @Test
    void build_twice() {
        DialPlan.Builder builder = DialPlan.builder().partition("PT_A");
        builder.build();
        assertRefused(IllegalStateException.class, "this builder has already built its plan", builder::build);
    }

    @Test
    void callingSearchSpace_undeclaredPartition() {
        DialPlan plan = plan("PT_A: 1001", "PT_B: 1002");
        assertRefused(IllegalArgumentException.class,
                "calling search space CSS_X: partition 'PT_C' is not declared (declared: PT_A, PT_B)",
                () -> plan.callingSearchSpace("CSS_X", List.of("PT_B", "PT_C")));
    }

    @Test
    void route_cssOfAnotherPlan() {
        DialPlan plan = plan("PT_A: 1001");
        CallingSearchSpace foreign = plan("PT_A: 1001").callingSearchSpace("CSS_FOREIGN", List.of("PT_A"));
        assertRefused(IllegalArgumentException.class, "calling search space CSS_FOREIGN belongs to another dial plan",
                () -> plan.route(foreign, "1001"));
    }

    @Test
    void planReportsPartitionsInDeclarationOrderAndCountsPatterns() {
        DialPlan plan = plan("PT_B: 1001 100X", "PT_A: 1001", "PT_EMPTY:");
        assertEquals(List.of("PT_B", "PT_A", "PT_EMPTY"), plan.partitions());
        assertEquals(3, plan.patternCount());
    }

    /** One pattern as the brute-force reference sees it. */
    private record Declared(String partition, Pattern pattern, Route route) {
    }

    /**
     * The rule, written the slow way: every pattern of every partition of the CSS, in CSS order then
     * declaration order, replaced only by a strictly smaller exact count.
     */
    private static Route bruteForce(List<Declared> declared, CallingSearchSpace css, String dialed) {
        Declared best = null;
        BigInteger bestCount = null;
        for (String partition : css.partitions()) {
            for (Declared d : declared) {
                if (d.partition().equals(partition) && d.pattern().matches(dialed)) {
                    BigInteger count = d.pattern().exactCountAt(dialed.length());
                    if (best == null || count.compareTo(bestCount) < 0) {
                        best = d;
                        bestCount = count;
                    }
                }
            }
        }
        return best == null ? Route.NOT_FOUND : best.route();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void route_agreesWithBruteForceOnRandomPlans(long seed) {
        RandomPatterns random = new RandomPatterns(seed);
        List<String> partitions = List.of("PT_0", "PT_1", "PT_2", "PT_3");
        DialPlan.Builder builder = DialPlan.builder();
        partitions.forEach(builder::partition);
        List<Declared> declared = new ArrayList<>();
        Map<String, Set<String>> regexesByPartition = new LinkedHashMap<>();
        for (int i = 0; i < 400; i++) {
            String partition = partitions.get(random.nextInt(partitions.size()));
            Pattern pattern = Pattern.parse(random.pattern(5));
            // Patterns that match the same strings element by element are one pattern to the plan.
            if (!regexesByPartition.computeIfAbsent(partition, p -> new HashSet<>()).add(pattern.toRegex())) {
                assertThrows(IllegalArgumentException.class, () -> builder.add(partition, pattern, line("dup")));
                continue;
            }
            declared.add(new Declared(partition, pattern, builder.add(partition, pattern, line(pattern.text()))));
        }
        DialPlan plan = builder.build();
        assertEquals(declared.size(), plan.patternCount());

        Random shuffler = new Random(seed);
        int found = 0;
        for (int c = 0; c < 20; c++) {
            List<String> searched = new ArrayList<>(partitions);
            Collections.shuffle(searched, shuffler);
            CallingSearchSpace css = plan.callingSearchSpace("CSS_" + c, searched.subList(0, 1 + shuffler.nextInt(4)));
            for (int d = 0; d < 100; d++) {
                String dialed = random.dialed(6);
                Route expected = bruteForce(declared, css, dialed);
                assertSame(expected, plan.route(css, dialed), () -> css + " dialing " + dialed);
                found += expected.isFound() ? 1 : 0;
                checkExplanation(declared, plan.explain(css, dialed));
            }
        }
        assertTrue(found > 200, "the sample must route often enough to mean something: " + found + " of 2000");
    }

    /**
     * The same cross-check where the plan's structure has edges the small plans above do not reach: 70
     * partitions (the lookup's per-partition bits are shared beyond 64), literals longer than 16 digits
     * that share their first 15, counts beyond 2<sup>53</sup> (compared exactly), dial strings of 20 to 45
     * characters, and CSSes that list a partition twice. Dial strings are mostly sampled from the declared
     * patterns, so most lookups match several patterns.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {11, 12, 13, 14, 15, 16})
    void route_agreesWithBruteForceOnLongPatternsAndManyPartitions(long seed) {
        RandomPatterns random = new RandomPatterns(seed);
        List<String> partitions = new ArrayList<>();
        for (int p = 0; p < 70; p++) {
            partitions.add("PT_" + p);
        }
        DialPlan.Builder builder = DialPlan.builder();
        partitions.forEach(builder::partition);
        List<Declared> declared = new ArrayList<>();
        Map<String, Set<String>> regexesByPartition = new LinkedHashMap<>();
        for (int i = 0; i < 600; i++) {
            // Few partitions get most patterns, so that equal patterns meet across partitions.
            String partition = partitions.get(random.nextInt(3) == 0 ? random.nextInt(70) : random.nextInt(6) * 13);
            Pattern pattern = Pattern.parse(random.nextInt(2) == 0 ? random.longPattern(24) : random.pattern(5));
            if (!regexesByPartition.computeIfAbsent(partition, p -> new HashSet<>()).add(pattern.toRegex())) {
                assertThrows(IllegalArgumentException.class, () -> builder.add(partition, pattern, line("dup")));
                continue;
            }
            declared.add(new Declared(partition, pattern, builder.add(partition, pattern, line(pattern.text()))));
        }
        DialPlan plan = builder.build();

        Random shuffler = new Random(seed);
        int found = 0;
        int beyondExactDoubles = 0;
        for (int c = 0; c < 30; c++) {
            List<String> searched = new ArrayList<>();
            for (int p = 0, size = 1 + shuffler.nextInt(20); p < size; p++) {
                int partition = shuffler.nextInt(2) == 0 ? shuffler.nextInt(70) : shuffler.nextInt(6) * 13;
                searched.add(partitions.get(partition));
            }
            CallingSearchSpace css = plan.callingSearchSpace("CSS_" + c, searched);
            for (int d = 0; d < 100; d++) {
                String dialed = d % 5 == 0 ? random.dialed(20)
                        : random.sample(declared.get(random.nextInt(declared.size())).pattern());
                if (dialed.isEmpty() || dialed.length() > Digits.MAX_LENGTH) {
                    continue;
                }
                Route expected = bruteForce(declared, css, dialed);
                assertSame(expected, plan.route(css, dialed), () -> css + " dialing " + dialed);
                if (expected.isFound()) {
                    found++;
                    beyondExactDoubles += expected.pattern().countAt(dialed.length()) >= 0x1p53 ? 1 : 0;
                }
                if (d % 10 == 0) {
                    checkExplanation(declared, plan.explain(css, dialed));
                }
            }
        }
        assertTrue(found > 1000, "the sample must route often enough to mean something: " + found + " of 3000");
        assertTrue(beyondExactDoubles > 50, "winners counting 2^53 or more: " + beyondExactDoubles);
    }

    /** The explanation lists exactly the matching patterns, all partitions together, winner first. */
    private static void checkExplanation(List<Declared> declared, Explanation explanation) {
        Set<Route> expected = new HashSet<>();
        for (Declared d : declared) {
            if (d.pattern().matches(explanation.digits())) {
                expected.add(d.route());
            }
        }
        List<Route> listed = explanation.candidates().stream().map(Explanation.Candidate::route).toList();
        assertEquals(expected, new HashSet<>(listed), explanation.digits());
        assertEquals(expected.size(), listed.size(), "each pattern listed once");
        if (explanation.isRouted()) {
            assertSame(explanation.winner(), listed.get(0));
        }
    }
}
