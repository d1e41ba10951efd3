package dev.einops.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which packages of a source tree use which others, read from the Java sources: imports (single
 * type, on demand and static) and fully qualified names in code; comments and string literals do
 * not count, a reference within one package does not either. Only packages under a prefix are
 * kept, so the graph is the project's own.
 *
 * <pre>{@code
 * PackageGraph core = PackageGraph.ofSources(Path.of("src/main/java"), "dev.einops");
 * core.dependencies("dev.einops.spi");   // [dev.einops.types]
 * core.cycles();                         // [], or each cycle with the lines that make it
 * }</pre>
 */
public final class PackageGraph {
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile(
            "^\\s*import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);
    /** A qualified name in code: lower-case package segments, then a type. */
    private static final Pattern QUALIFIED = Pattern.compile("(?<![\\w.])((?:[a-z_]\\w*\\.)+)[A-Z]");

    /** Per package, the packages it uses, each with the first line found that uses it. */
    private final Map<String, Map<String, String>> edges;

    private PackageGraph(Map<String, Map<String, String>> edges) {
        this.edges = edges;
    }

    /** The graph of the {@code .java} files under {@code root}, for the packages under {@code prefix}. */
    public static PackageGraph ofSources(Path root, String prefix) {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                sources.put(root.relativize(file).toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(sources, prefix);
    }

    /** The graph of {@code sources} (file name to text), for the packages under {@code prefix}. */
    public static PackageGraph of(Map<String, String> sources, String prefix) {
        Map<String, Map<String, String>> edges = new TreeMap<>();
        sources.forEach((file, source) -> {
            String code = JavadocSnippets.blankCommentsAndLiterals(source);
            Matcher declared = PACKAGE.matcher(code);
            if (!declared.find() || !within(declared.group(1), prefix)) {
                return;
            }
            String from = declared.group(1);
            Map<String, String> uses = edges.computeIfAbsent(from, p -> new TreeMap<>());
            String[] lines = code.split("\n", -1);
            String[] text = source.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (PACKAGE.matcher(lines[i]).find()) {
                    continue;
                }
                Matcher imported = IMPORT.matcher(lines[i]);
                Matcher qualified = QUALIFIED.matcher(lines[i]);
                List<String> names = new ArrayList<>();
                if (imported.find()) {
                    names.add(packageOf(imported.group(1)));
                } else {
                    while (qualified.find()) {
                        String name = qualified.group(1);
                        names.add(name.substring(0, name.length() - 1));
                    }
                }
                for (String to : names) {
                    if (!to.equals(from) && within(to, prefix)) {
                        uses.putIfAbsent(to, file + ":" + (i + 1) + ": " + text[i].strip());
                    }
                }
            }
        });
        return new PackageGraph(edges);
    }

    /** The packages that declare at least one source file. */
    public Set<String> packages() {
        return new TreeSet<>(edges.keySet());
    }

    /** The packages that {@code pkg} uses. */
    public Set<String> dependencies(String pkg) {
        return new TreeSet<>(edges.getOrDefault(pkg, Map.of()).keySet());
    }

    /** Where {@code from} uses {@code to}: the first such line, as {@code file:line: text}. */
    public String evidence(String from, String to) {
        return edges.getOrDefault(from, Map.of()).get(to);
    }

    /**
     * Where {@code pkg} uses a package that is not in {@code allowed}: one line per such package,
     * {@code "pkg must not use other: file:line: text"}; empty when it uses only allowed ones.
     */
    public List<String> usesOutside(String pkg, Set<String> allowed) {
        return dependencies(pkg).stream().filter(used -> !allowed.contains(used))
                .map(used -> pkg + " must not use " + used + ": " + evidence(pkg, used)).toList();
    }

    /**
     * Every set of packages that use one another, directly or not (the strongly connected
     * components of more than one package), each described by the uses inside it; empty when the
     * graph is acyclic.
     */
    public List<String> cycles() {
        List<String> out = new ArrayList<>();
        for (Set<String> component : components()) {
            if (component.size() < 2) {
                continue;
            }
            StringBuilder text = new StringBuilder(String.join(" <-> ", component));
            for (String from : component) {
                for (String to : dependencies(from)) {
                    if (component.contains(to)) {
                        text.append("\n  ").append(from).append(" -> ").append(to).append("   ")
                                .append(evidence(from, to));
                    }
                }
            }
            out.add(text.toString());
        }
        return out;
    }

    /** Tarjan's strongly connected components, over the packages in sorted order. */
    private List<Set<String>> components() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> out = new ArrayList<>();
        for (String pkg : packages()) {
            if (!index.containsKey(pkg)) {
                connect(pkg, index, low, stack, out);
            }
        }
        return out;
    }

    private void connect(String pkg, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                         List<Set<String>> out) {
        index.put(pkg, index.size());
        low.put(pkg, index.get(pkg));
        stack.push(pkg);
        for (String next : dependencies(pkg)) {
            if (!index.containsKey(next)) {
                connect(next, index, low, stack, out);
                low.put(pkg, Math.min(low.get(pkg), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(pkg, Math.min(low.get(pkg), index.get(next)));
            }
        }
        if (low.get(pkg).equals(index.get(pkg))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                component.add(member);
            } while (!member.equals(pkg));
            out.add(component);
        }
    }

    /** The package of an imported name: the segments before the first one that names a type. */
    private static String packageOf(String name) {
        String[] parts = name.split("\\.");
        List<String> segments = new ArrayList<>();
        for (String part : parts) {
            if (Character.isUpperCase(part.charAt(0))) {
                return String.join(".", segments);
            }
            segments.add(part);
        }
        return name;   // an on-demand import of a package
    }

    private static boolean within(String pkg, String prefix) {
        return pkg.equals(prefix) || pkg.startsWith(prefix + ".");
    }
}
