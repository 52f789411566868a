package org.openipma.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime view of one configuration, immutable: the dial plan, every calling search space, every line
 * appearance with its effective CSS, and the managers by intercepted line. A configuration reload builds a
 * new Cluster and swaps the reference; calls in progress keep the one they started with.
 */
public final class Cluster {
    private final IpmaConfig config;
    private final DialPlan dialPlan;
    private final Map<String, CallingSearchSpace> css;
    private final Map<String, IpmaConfig.Phone> phonesByUser;
    /** user → dn → appearance. */
    private final Map<String, Map<String, LineAppearance>> appearancesByUser;
    private final Map<String, List<LineAppearance>> appearancesByDn;
    private final Map<String, IpmaConfig.Manager> managersByLine;
    private final List<RoutePointLine> routePointLines;
    private final List<FeatureCode> featureCodes;

    private Cluster(IpmaConfig config, DialPlan dialPlan, Map<String, CallingSearchSpace> css,
                    Map<String, Map<String, LineAppearance>> appearancesByUser,
                    Map<String, List<LineAppearance>> appearancesByDn, List<RoutePointLine> routePointLines,
                    List<FeatureCode> featureCodes) {
        this.config = config;
        this.featureCodes = List.copyOf(featureCodes);
        this.dialPlan = dialPlan;
        this.css = css;
        this.appearancesByUser = appearancesByUser;
        this.appearancesByDn = appearancesByDn;
        this.routePointLines = List.copyOf(routePointLines);
        Map<String, IpmaConfig.Phone> phones = new HashMap<>();
        config.phones().forEach(phone -> phones.put(phone.user(), phone));
        this.phonesByUser = Map.copyOf(phones);
        Map<String, IpmaConfig.Manager> managers = new HashMap<>();
        config.managers().forEach(manager -> manager.lines().forEach(dn -> managers.put(dn, manager)));
        this.managersByLine = Map.copyOf(managers);
    }

    /**
     * Builds the dial plan and the indexes of a validated configuration.
     *
     * @throws ConfigException for pattern syntax errors and patterns declared twice in one partition
     */
    public static Cluster compile(IpmaConfig config) {
        DialPlan.Builder builder = DialPlan.builder();
        config.partitions().forEach(builder::partition);

        // Group phone lines into directory numbers first: one DN in one partition may be shared by phones.
        Map<String, List<IpmaConfig.Phone>> sharers = new LinkedHashMap<>();
        Map<String, String> firstPath = new HashMap<>();
        Map<String, Boolean> intercom = new HashMap<>();
        for (int p = 0; p < config.phones().size(); p++) {
            IpmaConfig.Phone phone = config.phones().get(p);
            for (int l = 0; l < phone.lines().size(); l++) {
                IpmaConfig.Line line = phone.lines().get(l);
                String key = line.dn() + "/" + line.partition();
                List<IpmaConfig.Phone> phones = sharers.computeIfAbsent(key, k -> new ArrayList<>());
                if (phones.contains(phone)) {
                    throw new ConfigException(config.source() + ": phones[" + p + "].lines[" + l + "].dn: '"
                            + line.dn() + "' appears twice on phone " + phone.name());
                }
                phones.add(phone);
                firstPath.putIfAbsent(key, "phones[" + p + "].lines[" + l + "]");
                intercom.merge(key, line.intercom(), Boolean::logicalOr);
            }
        }
        Map<String, DirectoryNumber> numbers = new HashMap<>();
        for (Map.Entry<String, List<IpmaConfig.Phone>> entry : sharers.entrySet()) {
            int slash = entry.getKey().indexOf('/');
            String dn = entry.getKey().substring(0, slash);
            String partition = entry.getKey().substring(slash + 1);
            DirectoryNumber number = new DirectoryNumber(dn, partition, entry.getValue(), intercom.get(entry.getKey()));
            // A DN is literal digits: an E.164 '+' must reach the pattern parser as the literal '\+'.
            String pattern = dn.startsWith("+") ? "\\" + dn : dn;
            add(builder, config, firstPath.get(entry.getKey()) + ".dn", partition, pattern, number);
            numbers.put(entry.getKey(), number);
        }

        Map<String, CallingSearchSpace> cssByName = new LinkedHashMap<>();
        List<RoutePointLine> routePointLines = new ArrayList<>();
        for (int r = 0; r < config.routePoints().size(); r++) {
            IpmaConfig.RoutePoint routePoint = config.routePoints().get(r);
            for (int l = 0; l < routePoint.lines().size(); l++) {
                IpmaConfig.RoutePointLine line = routePoint.lines().get(l);
                RoutePointLine target = new RoutePointLine(routePoint, line);
                add(builder, config, "routePoints[" + r + "].lines[" + l + "].dn", line.partition(), line.dn(), target);
                routePointLines.add(target);
            }
        }
        List<FeatureCode> featureCodes = new ArrayList<>();
        IpmaConfig.FeatureCodeSettings features = config.featureCodes();
        if (features != null) {
            features.codes().forEach((action, code) -> {
                FeatureCode target = new FeatureCode(action, code, features.partition());
                add(builder, config, "featureCodes." + action.key(), features.partition(), code, target);
                featureCodes.add(target);
            });
        }
        DialPlan plan = builder.build();
        config.callingSearchSpaces().forEach((name, partitions) -> cssByName.put(name, plan.callingSearchSpace(name, partitions)));
        for (RoutePointLine target : routePointLines) {
            IpmaConfig.Forward forward = target.line().forwardNoAnswer();
            target.bind(cssByName.get(target.routePoint().css()), forward == null ? null : cssByName.get(forward.css()));
        }

        Map<String, Map<String, LineAppearance>> byUser = new HashMap<>();
        Map<String, List<LineAppearance>> byDn = new HashMap<>();
        for (IpmaConfig.Phone phone : config.phones()) {
            Map<String, LineAppearance> lines = new LinkedHashMap<>();
            for (IpmaConfig.Line line : phone.lines()) {
                CallingSearchSpace effective = plan.effective(
                        line.css() == null ? null : cssByName.get(line.css()),
                        phone.css() == null ? null : cssByName.get(phone.css()));
                LineAppearance appearance = new LineAppearance(phone, line,
                        numbers.get(line.dn() + "/" + line.partition()), effective);
                lines.putIfAbsent(line.dn(), appearance);
                byDn.computeIfAbsent(line.dn(), dn -> new ArrayList<>()).add(appearance);
            }
            byUser.put(phone.user(), Collections.unmodifiableMap(lines));
        }
        return new Cluster(config, plan, Collections.unmodifiableMap(cssByName), Map.copyOf(byUser),
                Map.copyOf(byDn), routePointLines, featureCodes);
    }

    private static void add(DialPlan.Builder builder, IpmaConfig config, String path, String partition, String pattern,
                            Target target) {
        try {
            builder.add(partition, pattern, target);
        } catch (InvalidPatternException e) {
            throw new ConfigException(config.source() + ": " + path + ": " + e.inPartition(partition).getMessage());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(config.source() + ": " + path + ": " + e.getMessage());
        }
    }

    public IpmaConfig config() {
        return config;
    }

    public DialPlan dialPlan() {
        return dialPlan;
    }

    /** A calling search space by name, or empty. */
    public Optional<CallingSearchSpace> css(String name) {
        return Optional.ofNullable(css.get(name));
    }

    /** The phone whose digest user is {@code user}, or empty. */
    public Optional<IpmaConfig.Phone> phone(String user) {
        return Optional.ofNullable(phonesByUser.get(user));
    }

    /** The line {@code dn} on the phone of {@code user}, or empty when that phone has no such line. */
    public Optional<LineAppearance> appearance(String user, String dn) {
        Map<String, LineAppearance> lines = appearancesByUser.get(user);
        return lines == null ? Optional.empty() : Optional.ofNullable(lines.get(dn));
    }

    /** Whether the phone of {@code user} has a line {@code dn}: only then may it register or call as it. */
    public boolean owns(String user, String dn) {
        return appearance(user, dn).isPresent();
    }

    /** Every appearance of {@code dn}, on any phone, in any partition. */
    public List<LineAppearance> appearances(String dn) {
        return appearancesByDn.getOrDefault(dn, List.of());
    }

    /** The lines of the phone of {@code user}, in configuration order. */
    public List<LineAppearance> appearances(IpmaConfig.Phone phone) {
        return List.copyOf(appearancesByUser.getOrDefault(phone.user(), Map.of()).values());
    }

    /** The manager one of whose intercepted lines is {@code dn}, or empty. */
    public Optional<IpmaConfig.Manager> managerOfLine(String dn) {
        return Optional.ofNullable(managersByLine.get(dn));
    }

    /** Every route point line, in configuration order. */
    public List<RoutePointLine> routePointLines() {
        return routePointLines;
    }

    /** Every feature code in the dial plan, in action order; empty when the configuration has none. */
    public List<FeatureCode> featureCodes() {
        return featureCodes;
    }

    /** What {@code from} reaches by dialing {@code digits}: the closest match through its effective CSS. */
    public Route route(LineAppearance from, CharSequence digits) {
        return dialPlan.route(from.effectiveCss(), digits);
    }
}
