package dev.einops.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps Javadoc examples honest: every {@code <pre>{@code ...}</pre>} block in a module's main
 * sources must be copied, statement for statement, into a test that runs it, between the lines
 * {@code // example: KEY} and {@code // end example}. The key names the documented type
 * ({@code Einops}, {@code Packing.PackLayout}) or member ({@code Einops#einsum}); a second block
 * in one comment adds {@code [2]}. Texts are compared line by line with surrounding blanks and
 * empty lines dropped, so the test may indent them; what the example's comments claim is
 * asserted after the region.
 *
 * <pre>{@code
 * JavadocSnippets.assertEveryExampleMirrored(Path.of("src/main/java"), Path.of("src/test/java"));
 * }</pre>
 */
public final class JavadocSnippets {
    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern TYPE = Pattern.compile("\\b(class|interface|record|enum)\\s+(\\w+)");
    private static final Pattern ANNOTATION = Pattern.compile("\\G\\s*@\\w+(\\.\\w+)*(\\s*\\([^)]*\\))?");
    private static final String START = "// example: ";
    private static final String END = "// end example";

    private JavadocSnippets() {
    }

    /** One example, or one test's copy of it: its key, its normalized text, and where it is. */
    public record Snippet(String key, String text, String where) {
    }

    /**
     * Asserts that every example under {@code mainRoot} has exactly one copy under
     * {@code testRoots} with the same text, and that every copy whose key names a type of
     * {@code mainRoot} copies an example that still exists.
     */
    public static void assertEveryExampleMirrored(Path mainRoot, Path... testRoots) {
        Map<String, Snippet> examples = new LinkedHashMap<>();
        Set<String> types = new LinkedHashSet<>();
        for (Path file : javaFiles(mainRoot)) {
            String source = read(file);
            types.addAll(typeNames(source));
            for (Snippet example : examples(source, mainRoot.relativize(file).toString())) {
                examples.put(example.key(), example);
            }
        }
        Map<String, Snippet> copies = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Path root : testRoots) {
            for (Path file : javaFiles(root)) {
                for (Snippet copy : copies(read(file), file.toString())) {
                    Snippet twice = copies.put(copy.key(), copy);
                    if (twice != null) {
                        problems.add(copy.key() + " is copied twice: " + twice.where() + " and " + copy.where());
                    }
                }
            }
        }
        for (Snippet example : examples.values()) {
            Snippet copy = copies.get(example.key());
            if (copy == null) {
                problems.add("no test runs the example of " + example.key() + " (" + example.where() + "); copy it"
                        + " between \"" + START + example.key() + "\" and \"" + END + "\":\n" + example.text());
            } else if (!copy.text().equals(example.text())) {
                problems.add("the copy of the example of " + example.key() + " in " + copy.where()
                        + " differs from the Javadoc (" + example.where() + ")\n--- Javadoc:\n" + example.text()
                        + "\n--- test:\n" + copy.text());
            }
        }
        for (Snippet copy : copies.values()) {
            if (types.contains(typeOf(copy.key())) && !examples.containsKey(copy.key())) {
                problems.add(copy.where() + " copies an example of " + copy.key() + " that the Javadoc no longer has");
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n\n", problems));
    }

    /** The examples of one source file, keyed by what they document. */
    public static List<Snippet> examples(String source, String where) {
        String code = blankCommentsAndLiterals(source);
        List<Snippet> out = new ArrayList<>();
        Matcher javadoc = JAVADOC.matcher(source);
        while (javadoc.find()) {
            List<String> blocks = codeBlocks(javadoc.group(), where);
            if (blocks.isEmpty()) {
                continue;
            }
            String key = documented(code, javadoc.end(), where);
            for (int i = 0; i < blocks.size(); i++) {
                out.add(new Snippet(i == 0 ? key : key + " [" + (i + 1) + "]", blocks.get(i), where));
            }
        }
        return out;
    }

    /** The copies of examples in one test source file. */
    public static List<Snippet> copies(String source, String where) {
        List<Snippet> out = new ArrayList<>();
        String key = null;
        List<String> lines = new ArrayList<>();
        String[] all = source.split("\n", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i].strip();
            if (line.startsWith(START)) {
                assertEquals(null, key, () -> where + ": an example starts inside the one of an earlier key");
                key = line.substring(START.length()).strip();
                lines.clear();
            } else if (line.equals(END)) {
                int at = i + 1;
                assertTrue(key != null, () -> where + ":" + at + ": \"" + END + "\" without a start");
                out.add(new Snippet(key, normalize(lines), where + ":" + at));
                key = null;
            } else if (key != null) {
                lines.add(line);
            }
        }
        String open = key;
        assertTrue(open == null, () -> where + ": the example of " + open + " has no \"" + END + "\"");
        return out;
    }

    /** The text of each {@code <pre>{@code ...}</pre>} block of one Javadoc comment. */
    private static List<String> codeBlocks(String javadoc, String where) {
        List<String> blocks = new ArrayList<>();
        List<String> current = null;
        for (String raw : javadoc.split("\n")) {
            String line = raw.strip().replaceFirst("^/?\\*+/?", "").replaceFirst("^ ", "");
            if (current == null) {
                if (line.contains("<pre>{@code")) {
                    assertTrue(line.strip().endsWith("<pre>{@code"), () -> where + ": put the example's code on the lines"
                            + " after <pre>{@code, not on it: " + raw);
                    current = new ArrayList<>();
                }
            } else if (line.strip().startsWith("}</pre>")) {
                blocks.add(normalize(current));
                current = null;
            } else {
                current.add(line.strip());
            }
        }
        return blocks;
    }

    private static String normalize(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    /**
     * What the Javadoc ending at {@code end} documents: a type ({@code Outer.Inner}) or a member
     * ({@code Type#name}), read from {@code code} (comments and literals blanked).
     */
    private static String documented(String code, int end, String where) {
        Matcher annotations = ANNOTATION.matcher(code);
        int at = end;
        while (annotations.find(at) && annotations.end() > at) {
            at = annotations.end();
        }
        int stop = at;
        while (stop < code.length() && "{;(=".indexOf(code.charAt(stop)) < 0) {
            stop++;
        }
        String header = code.substring(at, stop);
        List<String> enclosing = enclosingTypes(code, end);
        Matcher type = TYPE.matcher(header);
        if (type.find()) {
            enclosing.add(type.group(2));
            return String.join(".", enclosing);
        }
        Matcher name = Pattern.compile("(\\w+)\\s*$").matcher(header);
        assertTrue(name.find() && !enclosing.isEmpty(), () -> where + ": no declaration after a Javadoc example: " + header);
        return String.join(".", enclosing) + "#" + name.group(1);
    }

    /** The names of the types whose bodies contain {@code position}, outermost first. */
    private static List<String> enclosingTypes(String code, int position) {
        List<String> names = new ArrayList<>();
        Matcher type = TYPE.matcher(code);
        while (type.find() && type.start() < position) {
            int open = code.indexOf('{', type.end());
            if (open >= 0 && open < position && matchingBrace(code, open) > position) {
                names.add(type.group(2));
            }
        }
        return names;
    }

    private static int matchingBrace(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            if (code.charAt(i) == '{') {
                depth++;
            } else if (code.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return code.length();
    }

    /** The names of every type a source file declares, nested ones as {@code Outer.Inner}. */
    private static Set<String> typeNames(String source) {
        String code = blankCommentsAndLiterals(source);
        Set<String> names = new LinkedHashSet<>();
        Matcher type = TYPE.matcher(code);
        while (type.find()) {
            List<String> chain = enclosingTypes(code, type.start());
            chain.add(type.group(2));
            names.add(String.join(".", chain));
        }
        return names;
    }

    private static String typeOf(String key) {
        return key.replaceFirst("#.*$", "").replaceFirst(" \\[\\d+]$", "");
    }

    /** The source with comments and the insides of string and character literals replaced by spaces. */
    static String blankCommentsAndLiterals(String source) {
        StringBuilder out = new StringBuilder(source);
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? source.length() : end + 3;
            } else if (c == '"' || c == '\'') {
                end = i + 1;
                while (end < source.length() && source.charAt(end) != c) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(source.length(), end + 1);
            } else {
                i++;
                continue;
            }
            for (int k = i; k < end; k++) {
                if (out.charAt(k) != '\n') {
                    out.setCharAt(k, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }

    private static List<Path> javaFiles(Path root) {
        assertTrue(Files.isDirectory(root), () -> root.toAbsolutePath() + " is not a directory");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
