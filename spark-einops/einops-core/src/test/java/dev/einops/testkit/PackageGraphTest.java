package dev.einops.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What counts as one package using another, and how cycles are found and reported. */
class PackageGraphTest {
    @Test
    void importsAndQualifiedNamesInCodeCountCommentsAndLiteralsDoNot() {
        PackageGraph graph = PackageGraph.of(Map.of(
                "p/A.java", String.join("\n",
                        "package p;",
                        "import p.q.B;",
                        "import static p.r.C.of;",
                        "import p.s.*;",
                        "import java.util.List;",
                        "/** Uses {@link p.t.D} in prose only. */",
                        "class A {",
                        "    Object x = p.u.E.NONE;   // p.v.F in a comment",
                        "    String y = \"p.w.G\";",
                        "    Object z = B.Inner.VALUE;",
                        "}"),
                "p/q/B.java", "package p.q;\nclass B {\n}\n",
                "other/C.java", "package other;\nimport p.q.B;\nclass C {\n}\n"), "p");
        assertEquals(Set.of("p", "p.q"), graph.packages(), "only packages under the prefix");
        assertEquals(Set.of("p.q", "p.r", "p.s", "p.u"), graph.dependencies("p"));
        assertEquals(Set.of(), graph.dependencies("p.q"));
        assertEquals("p/A.java:8: Object x = p.u.E.NONE;   // p.v.F in a comment", graph.evidence("p", "p.u"));
        assertEquals(List.of(), graph.cycles());
        assertEquals(List.of("p must not use p.u: p/A.java:8: Object x = p.u.E.NONE;   // p.v.F in a comment"),
                graph.usesOutside("p", Set.of("p.q", "p.r", "p.s")));
    }

    @Test
    void aCycleIsReportedWithTheLinesThatMakeIt() {
        PackageGraph graph = PackageGraph.of(Map.of(
                "p/A.java", "package p;\nimport p.q.B;\nclass A {\n}\n",
                "p/q/B.java", "package p.q;\nimport p.r.C;\nclass B {\n}\n",
                "p/r/C.java", "package p.r;\nimport p.A;\nclass C {\n}\n",
                "p/s/D.java", "package p.s;\nimport p.A;\nclass D {\n}\n"), "p");
        List<String> cycles = graph.cycles();
        assertEquals(1, cycles.size(), cycles::toString);
        assertTrue(cycles.get(0).startsWith("p <-> p.q <-> p.r\n"), cycles.get(0));
        assertTrue(cycles.get(0).contains("p.r -> p   p/r/C.java:2: import p.A;"), cycles.get(0));
        assertTrue(!cycles.get(0).contains("p.s"), "a package that only uses the cycle is not in it: " + cycles.get(0));
    }
}
