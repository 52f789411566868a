package org.openipma.routing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * Reads and validates a YAML configuration. Unknown keys, undeclared names and broken IPMA limits are
 * refused with the file, the field path, the value and the rule. Semantic checks that need the dial plan
 * (pattern syntax, duplicate patterns) happen in {@link Cluster#compile(IpmaConfig)}, which
 * {@link #loadCluster(Path)} runs too.
 *
 * <p>Over 400 lines on purpose: one pass binds every core section with path-precise errors, and splitting the
 * pass would scatter the declared-name tables it shares; self-contained sections live apart
 * ({@link FeatureCodesSection}, {@link DatabaseSection}).
 *
 * <p>The failsafe schema keeps every scalar as the text written: {@code dn: 0123} stays {@code "0123"}
 * instead of becoming the integer 123, and {@code yes} is not silently a boolean.
 */
public final class ConfigLoader {
    static final int MAX_MANAGER_LINES = 5;
    static final int MAX_ASSISTANTS_PER_MANAGER = 10;
    static final int MAX_MANAGERS_PER_ASSISTANT = 33;

    private final String file;
    private final Set<String> partitions = new LinkedHashSet<>();
    private final Map<String, List<String>> cssNames = new LinkedHashMap<>();
    private final Map<String, IpmaConfig.Phone> phonesByUser = new HashMap<>();

    private ConfigLoader(String file) {
        this.file = file;
    }

    /** Loads, validates and compiles a configuration file. */
    public static Cluster loadCluster(Path path) {
        return Cluster.compile(load(path));
    }

    /** Loads and validates a configuration file. */
    public static IpmaConfig load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(path + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(path + ": cannot be read (" + e.getMessage() + ")");
        }
        return parse(path.toString(), text);
    }

    /** Validates configuration text; {@code file} names it in error messages. */
    public static IpmaConfig parse(String file, String yaml) {
        Object tree;
        try {
            // The failsafe schema has no constructor for the null an empty document yields; it means "empty".
            tree = new Load(LoadSettings.builder().setSchema(new FailsafeSchema()).setLabel(file)
                    .setTagConstructors(Map.of(Tag.NULL, node -> null)).build())
                    .loadFromString(yaml);
        } catch (MarkedYamlEngineException e) {
            throw new ConfigException(file + ": not valid YAML: " + describe(e));
        } catch (YamlEngineException e) {
            throw new ConfigException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        if (tree == null) {
            throw new ConfigException(file + ": the file is empty");
        }
        return new ConfigLoader(file).bind(new ConfigNode(file, "", tree));
    }

    /**
     * One line, positions 1-based, e.g. {@code line 2, column 20: expected ',' or ']', but got : (while parsing a
     * flow sequence at line 1, column 13)}; snakeyaml's own message carries a multi-line source snippet.
     */
    private static String describe(MarkedYamlEngineException e) {
        StringBuilder text = new StringBuilder();
        e.getProblemMark().ifPresent(mark -> text.append(position(mark)).append(": "));
        text.append(e.getProblem());
        if (e.getContext() != null) {
            text.append(" (").append(e.getContext());
            e.getContextMark().ifPresent(mark -> text.append(" at ").append(position(mark)));
            text.append(')');
        }
        return text.toString();
    }

    private static String position(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    private IpmaConfig bind(ConfigNode root) {
        root.allowOnly("sip", "http", "partitions", "callingSearchSpaces", "phones", "routePoints", "managers",
                "voicemail", "routingService", "featureCodes", "database");
        IpmaConfig.Sip sip = SipSection.bind(root.get("sip"));
        IpmaConfig.Http http = bindHttp(root.get("http"));
        List<String> partitionList = bindPartitions(root.get("partitions"));
        bindCallingSearchSpaces(root.get("callingSearchSpaces"));
        List<IpmaConfig.Phone> phones = new ArrayList<>();
        for (ConfigNode phone : root.get("phones").list()) {
            phones.add(bindPhone(phone, phones));
        }
        List<IpmaConfig.RoutePoint> routePoints = new ArrayList<>();
        Set<String> routePointNames = new HashSet<>();
        for (ConfigNode routePoint : root.get("routePoints").list()) {
            IpmaConfig.RoutePoint bound = bindRoutePoint(routePoint);
            if (!routePointNames.add(bound.name())) {
                throw routePoint.get("name").invalid("is already the name of another route point");
            }
            routePoints.add(bound);
        }
        List<IpmaConfig.Manager> managers = bindManagers(root.get("managers"));
        IpmaConfig.Voicemail voicemail = bindVoicemail(root.get("voicemail"));
        IpmaConfig.RoutingService routingService = bindRoutingService(root.get("routingService"));
        IpmaConfig.FeatureCodeSettings featureCodes = FeatureCodesSection.bind(root.get("featureCodes"), partitions);
        IpmaConfig.Database database = DatabaseSection.bind(root.get("database"));
        return new IpmaConfig(file, sip, http, partitionList, Collections.unmodifiableMap(cssNames), List.copyOf(phones),
                List.copyOf(routePoints), managers, voicemail, routingService, featureCodes, database);
    }


    private IpmaConfig.Http bindHttp(ConfigNode node) {
        node.allowOnly("address", "port", "administrators");
        List<IpmaConfig.Administrator> administrators = new ArrayList<>();
        for (ConfigNode item : node.get("administrators").list()) {
            item.allowOnly("user", "password");
            ConfigNode userNode = item.get("user");
            String user = userNode.string();
            if (!user.matches("[A-Za-z0-9._~-]+")) {
                throw userNode.invalid("is not a valid user name (letters, digits, '.', '_', '~', '-')");
            }
            if (administrators.stream().anyMatch(other -> other.user().equals(user))) {
                throw userNode.invalid("is already an administrator");
            }
            ConfigNode passwordNode = item.get("password");
            if (!passwordNode.isPresent()) {
                throw passwordNode.error("is required (the administrator's password)");
            }
            // Never echo a password in an error: name the rule only.
            String password = passwordNode.string();
            if (password.length() < 8) {
                throw passwordNode.error("must be at least 8 characters");
            }
            administrators.add(new IpmaConfig.Administrator(user, password));
        }
        return new IpmaConfig.Http(node.get("address").string("127.0.0.1"),
                node.get("port").integer(IpmaConfig.Http.DEFAULT_PORT, 1, 65535), administrators);
    }

    private List<String> bindPartitions(ConfigNode node) {
        List<String> names = new ArrayList<>();
        for (ConfigNode item : node.list()) {
            String name = checkName(item);
            if (!partitions.add(name)) {
                throw item.invalid("is declared twice");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw node.error("at least one partition is required");
        }
        return List.copyOf(names);
    }

    private void bindCallingSearchSpaces(ConfigNode node) {
        for (Map.Entry<String, ConfigNode> css : node.entries().entrySet()) {
            List<String> members = new ArrayList<>();
            for (ConfigNode item : css.getValue().list()) {
                String partition = item.string();
                checkPartition(item, partition);
                if (members.contains(partition)) {
                    throw item.invalid("is listed twice in this calling search space");
                }
                members.add(partition);
            }
            cssNames.put(css.getKey(), List.copyOf(members));
        }
    }

    private IpmaConfig.Phone bindPhone(ConfigNode node, List<IpmaConfig.Phone> earlier) {
        node.allowOnly("name", "user", "password", "ha1", "css", "lines");
        String name = checkName(node.get("name"));
        for (IpmaConfig.Phone other : earlier) {
            if (other.name().equals(name)) {
                throw node.get("name").invalid("is already the name of another phone");
            }
        }
        ConfigNode userNode = node.get("user");
        String user = userNode.string();
        if (!user.matches("[A-Za-z0-9._~-]+")) {
            throw userNode.invalid("is not a valid user name (letters, digits, '.', '_', '~', '-')");
        }
        if (phonesByUser.containsKey(user)) {
            throw userNode.invalid("is already the user of phone " + phonesByUser.get(user).name());
        }
        String password = node.get("password").string(null);
        Map<String, String> ha1 = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> entry : node.get("ha1").entries().entrySet()) {
            String algorithm = entry.getKey().toUpperCase(Locale.ROOT);
            int hexLength = algorithm.equals("MD5") ? 32 : algorithm.equals("SHA-256") ? 64 : -1;
            if (hexLength < 0) {
                throw entry.getValue().error("unknown digest algorithm (expected: MD5, SHA-256)");
            }
            String hex = entry.getValue().string();
            if (!hex.matches("[0-9a-fA-F]{" + hexLength + "}")) {
                throw entry.getValue().error("must be " + hexLength + " hexadecimal digits");
            }
            ha1.put(algorithm, hex.toLowerCase(Locale.ROOT));
        }
        if ((password == null) == ha1.isEmpty()) {
            throw node.error("give exactly one of password or ha1");
        }
        String css = optionalCss(node.get("css"));
        List<IpmaConfig.Line> lines = new ArrayList<>();
        for (ConfigNode line : node.get("lines").list()) {
            lines.add(bindLine(line, user));
        }
        if (lines.isEmpty()) {
            throw node.get("lines").error("a phone needs at least one line");
        }
        IpmaConfig.Phone phone = new IpmaConfig.Phone(name, user, password, Map.copyOf(ha1), css, List.copyOf(lines));
        phonesByUser.put(user, phone);
        return phone;
    }

    private IpmaConfig.Line bindLine(ConfigNode node, String user) {
        node.allowOnly("dn", "partition", "css", "intercom", "display");
        ConfigNode dnNode = node.get("dn");
        String dn = dnNode.string();
        if (!dn.matches("[0-9*#]{1,24}|\\+[0-9]{1,23}")) {
            throw dnNode.invalid("is not a directory number (1-24 of 0-9 * #, or + and digits)");
        }
        ConfigNode partitionNode = node.get("partition");
        String partition = partitionNode.string();
        checkPartition(partitionNode, partition);
        return new IpmaConfig.Line(dn, partition, optionalCss(node.get("css")), node.get("intercom").bool(false),
                node.get("display").string(user));
    }

    private IpmaConfig.RoutePoint bindRoutePoint(ConfigNode node) {
        node.allowOnly("name", "css", "lines");
        String name = checkName(node.get("name"));
        ConfigNode cssNode = node.get("css");
        String css = cssNode.string();
        checkCss(cssNode, css);
        List<IpmaConfig.RoutePointLine> lines = new ArrayList<>();
        for (ConfigNode line : node.get("lines").list()) {
            line.allowOnly("dn", "partition", "forwardNoAnswer");
            ConfigNode partitionNode = line.get("partition");
            String partition = partitionNode.string();
            checkPartition(partitionNode, partition);
            IpmaConfig.Forward forward = null;
            ConfigNode forwardNode = line.get("forwardNoAnswer");
            if (forwardNode.isPresent()) {
                forwardNode.allowOnly("destination", "css");
                ConfigNode destination = forwardNode.get("destination");
                if (!DigitMask.isValid(destination.string())) {
                    throw destination.invalid("is not a number or mask (0-9 * # X, optional leading +)");
                }
                ConfigNode forwardCss = forwardNode.get("css");
                String forwardCssName = forwardCss.string(css);
                checkCss(forwardCss, forwardCssName);
                forward = new IpmaConfig.Forward(destination.string(), forwardCssName);
            }
            lines.add(new IpmaConfig.RoutePointLine(line.get("dn").string(), partition, forward));
        }
        if (lines.isEmpty()) {
            throw node.get("lines").error("a route point needs at least one line");
        }
        return new IpmaConfig.RoutePoint(name, css, List.copyOf(lines));
    }

    private List<IpmaConfig.Manager> bindManagers(ConfigNode node) {
        List<IpmaConfig.Manager> managers = new ArrayList<>();
        Map<String, Integer> managersPerAssistant = new HashMap<>();
        Map<String, String> interceptedBy = new HashMap<>();
        for (ConfigNode managerNode : node.list()) {
            managerNode.allowOnly("user", "lines", "intercom", "assistants", "filter", "divertTarget", "divertAll",
                    "dnd");
            ConfigNode userNode = managerNode.get("user");
            IpmaConfig.Phone phone = phoneOf(userNode);
            for (IpmaConfig.Manager other : managers) {
                if (other.user().equals(phone.user())) {
                    throw userNode.invalid("is already configured as a manager");
                }
            }
            ConfigNode linesNode = managerNode.get("lines");
            List<String> lines = new ArrayList<>();
            for (ConfigNode lineNode : linesNode.list()) {
                String dn = lineNode.string();
                checkOwnLine(lineNode, phone, dn);
                String previous = interceptedBy.putIfAbsent(dn, phone.user());
                if (previous != null) {
                    throw lineNode.invalid("is already intercepted for manager " + previous);
                }
                lines.add(dn);
            }
            if (lines.isEmpty() || lines.size() > MAX_MANAGER_LINES) {
                throw linesNode.error("a manager has 1 to " + MAX_MANAGER_LINES + " intercepted lines (found "
                        + lines.size() + ")");
            }
            ConfigNode intercomNode = managerNode.get("intercom");
            String intercom = intercomNode.string(null);
            if (intercom != null) {
                checkOwnLine(intercomNode, phone, intercom);
            }
            List<IpmaConfig.Assistant> assistants = bindAssistants(managerNode.get("assistants"), lines,
                    managersPerAssistant);
            IpmaConfig.Filter filter = bindFilter(managerNode.get("filter"));
            ConfigNode divertNode = managerNode.get("divertTarget");
            String divertTarget = divertNode.string(null);
            if (divertTarget != null && !divertTarget.matches("[0-9*#]{1,24}|\\+[0-9]{1,23}")) {
                throw divertNode.invalid("is not a number (0-9 * #, or + and digits)");
            }
            managers.add(new IpmaConfig.Manager(phone.user(), List.copyOf(lines), intercom, assistants, filter,
                    divertTarget, managerNode.get("divertAll").bool(false), managerNode.get("dnd").bool(false)));
        }
        return List.copyOf(managers);
    }

    private List<IpmaConfig.Assistant> bindAssistants(ConfigNode node, List<String> managerLines,
                                                      Map<String, Integer> managersPerAssistant) {
        List<IpmaConfig.Assistant> assistants = new ArrayList<>();
        boolean hasDefault = false;
        for (ConfigNode assistantNode : node.list()) {
            assistantNode.allowOnly("user", "default", "proxyLines", "intercom");
            ConfigNode userNode = assistantNode.get("user");
            IpmaConfig.Phone phone = phoneOf(userNode);
            for (IpmaConfig.Assistant other : assistants) {
                if (other.user().equals(phone.user())) {
                    throw userNode.invalid("is already an assistant of this manager");
                }
            }
            if (managersPerAssistant.merge(phone.user(), 1, Integer::sum) > MAX_MANAGERS_PER_ASSISTANT) {
                throw userNode.invalid("assists more than " + MAX_MANAGERS_PER_ASSISTANT + " managers");
            }
            boolean isDefault = assistantNode.get("default").bool(false);
            if (isDefault && hasDefault) {
                throw assistantNode.get("default").error("only one assistant of a manager can be the default");
            }
            hasDefault |= isDefault;
            Map<String, String> proxyLines = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigNode> entry : assistantNode.get("proxyLines").entries().entrySet()) {
                if (!managerLines.contains(entry.getKey())) {
                    throw entry.getValue().error("'" + entry.getKey() + "' is not one of the manager's lines ("
                            + String.join(", ", managerLines) + ")");
                }
                String proxy = entry.getValue().string();
                checkOwnLine(entry.getValue(), phone, proxy);
                proxyLines.put(entry.getKey(), proxy);
            }
            if (proxyLines.isEmpty()) {
                throw assistantNode.get("proxyLines").error("map at least one manager line to a proxy line");
            }
            ConfigNode intercomNode = assistantNode.get("intercom");
            String intercom = intercomNode.string(null);
            if (intercom != null) {
                checkOwnLine(intercomNode, phone, intercom);
            }
            assistants.add(new IpmaConfig.Assistant(phone.user(), isDefault, Map.copyOf(proxyLines), intercom));
        }
        if (assistants.size() > MAX_ASSISTANTS_PER_MANAGER) {
            throw node.error("a manager has at most " + MAX_ASSISTANTS_PER_MANAGER + " assistants (found "
                    + assistants.size() + ")");
        }
        return List.copyOf(assistants);
    }

    private IpmaConfig.Filter bindFilter(ConfigNode node) {
        if (!node.isPresent()) {
            return IpmaConfig.Filter.DEFAULT;
        }
        node.allowOnly("enabled", "mode", "inclusive", "exclusive");
        IpmaConfig.FilterMode mode = IpmaConfig.FilterMode.valueOf(
                node.get("mode").choice("inclusive", "inclusive", "exclusive").toUpperCase(Locale.ROOT));
        return new IpmaConfig.Filter(node.get("enabled").bool(true), mode, filterList(node.get("inclusive")),
                filterList(node.get("exclusive")));
    }

    private static List<String> filterList(ConfigNode node) {
        List<String> entries = new ArrayList<>();
        for (ConfigNode item : node.list()) {
            String entry = item.string();
            String error = CallerFilter.checkEntry(entry);
            if (error != null) {
                throw item.invalid(error);
            }
            entries.add(entry);
        }
        return List.copyOf(entries);
    }

    private IpmaConfig.Voicemail bindVoicemail(ConfigNode node) {
        if (!node.isPresent()) {
            return null;
        }
        node.allowOnly("pilot", "mwiCss");
        ConfigNode pilot = node.get("pilot");
        if (!pilot.string().matches("[0-9*#]{1,24}")) {
            throw pilot.invalid("is not a number (0-9 * #)");
        }
        ConfigNode mwiCss = node.get("mwiCss");
        String css = mwiCss.string(null);
        if (css != null) {
            checkCss(mwiCss, css);
        }
        return new IpmaConfig.Voicemail(pilot.string(), css);
    }

    private IpmaConfig.RoutingService bindRoutingService(ConfigNode node) {
        if (!node.isPresent()) {
            return IpmaConfig.RoutingService.DEFAULT;
        }
        node.allowOnly("enabled", "mode", "decisionTimeoutMillis", "ringNoAnswerSeconds", "ringNoAnswerPolicy");
        IpmaConfig.RoutingService defaults = IpmaConfig.RoutingService.DEFAULT;
        String mode = node.get("mode").choice("bridge", "bridge", "redirect");
        String policy = node.get("ringNoAnswerPolicy").choice("manager", "next-assistant", "manager", "voicemail");
        return new IpmaConfig.RoutingService(node.get("enabled").bool(defaults.enabled()),
                IpmaConfig.CallMode.valueOf(mode.toUpperCase(Locale.ROOT)),
                node.get("decisionTimeoutMillis").integer(defaults.decisionTimeoutMillis(), 1, 10_000),
                node.get("ringNoAnswerSeconds").integer(defaults.ringNoAnswerSeconds(), 1, 300),
                IpmaConfig.NoAnswerPolicy.valueOf(policy.replace('-', '_').toUpperCase(Locale.ROOT)));
    }

    private static String checkName(ConfigNode node) {
        String name = node.string();
        if (!name.matches("[A-Za-z0-9_.-]{1,50}")) {
            throw node.invalid("is not a valid name (1-50 of letters, digits, '_', '.', '-')");
        }
        return name;
    }

    private void checkPartition(ConfigNode node, String partition) {
        if (!partitions.contains(partition)) {
            throw node.invalid("is not a declared partition (declared: " + String.join(", ", partitions) + ")");
        }
    }

    private String optionalCss(ConfigNode node) {
        String css = node.string(null);
        if (css != null) {
            checkCss(node, css);
        }
        return css;
    }

    private void checkCss(ConfigNode node, String css) {
        if (!cssNames.containsKey(css)) {
            throw node.invalid("is not defined (defined: " + String.join(", ", cssNames.keySet()) + ")");
        }
    }

    private IpmaConfig.Phone phoneOf(ConfigNode userNode) {
        String user = userNode.string();
        IpmaConfig.Phone phone = phonesByUser.get(user);
        if (phone == null) {
            throw userNode.invalid("is not the user of any phone (users: " + String.join(", ", sorted(phonesByUser.keySet()))
                    + ")");
        }
        return phone;
    }

    private static void checkOwnLine(ConfigNode node, IpmaConfig.Phone phone, String dn) {
        for (IpmaConfig.Line line : phone.lines()) {
            if (line.dn().equals(dn)) {
                return;
            }
        }
        List<String> dns = new ArrayList<>();
        phone.lines().forEach(line -> dns.add(line.dn()));
        throw node.invalid("is not a line of " + phone.user() + "'s phone " + phone.name() + " (lines: "
                + String.join(", ", dns) + ")");
    }

    private static List<String> sorted(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        list.sort(null);
        return list;
    }
}
