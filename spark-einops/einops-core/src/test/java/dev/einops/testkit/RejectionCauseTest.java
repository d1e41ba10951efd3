package dev.einops.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.einops.testkit.RejectionCause.Kind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tables that read causes out of messages: what they read, and that a wrong cause fails. */
class RejectionCauseTest {
    @Test
    void javadocExample() {
        assertEquals(new RejectionCause(Kind.CANNOT_INFER, Set.of("axis d", "axis c")),
                RejectionCause.ofReference("Could not infer sizes for {'d', 'c'}"));
        assertEquals(new RejectionCause(Kind.CANNOT_INFER, Set.of("axis c", "axis d")),
                RejectionCause.ofProject("Could not infer sizes for {c, d} in (c d): give all but one of them as axis lengths"));
    }

    @Test
    void everyReferenceMessageOfTheCorpusIsRead() {
        List<String> unread = ConformanceSuite.corpus().stream().filter(ConformanceCase::expectsError)
                .filter(c -> RejectionCause.ofReference(c.expect().get("message").asText()).kind() == Kind.UNCLASSIFIED)
                .map(c -> c.id() + ": " + c.expect().get("message").asText()).toList();
        assertEquals(List.of(), unread);
    }

    @Test
    void theContextEinopsWrapsAroundAMessageIsDropped() {
        String wrapped = " Error while processing rearrange-reduction pattern \"(a b) c -> a b c\".\n"
                + " Input tensor shape: (6, 4). Additional info: {'a': 2, 'b': 2}.\n Shape mismatch, 6 != 4";
        assertEquals("Shape mismatch, 6 != 4", RejectionCause.innerMessage(wrapped));
        assertEquals(new RejectionCause(Kind.LENGTH_MISMATCH, Set.of("length 6", "length 4")),
                RejectionCause.ofReference(wrapped));
    }

    @Test
    void bothSidesPrintAxesTheirOwnWay() {
        assertEquals(Set.of("axis 2"),
                RejectionCause.ofReference("Unexpected identifiers on the right side of reduce max: {2-axis}").parts());
        assertEquals(Set.of("axis ...pre"),
                RejectionCause.ofReference("Invalid axis identifier: \u2026pre\nnot a valid python identifier").parts());
        assertEquals(Set.of("rank 1"),
                RejectionCause.ofReference("unpack(..., * a) received input of wrong dim with shape (5,)").parts());
        assertEquals(Set.of("rank 1"),
                RejectionCause.ofProject("unpack(..., * a) received input of wrong dim with shape [5]").parts());
        assertEquals(Set.of("rank 0"),
                RejectionCause.ofReference("Can't parse shape with different number of dimensions: a b c ()").parts());
    }

    @Test
    void numpysOtherWordingsAreReadToo() {
        assertEquals(new RejectionCause(Kind.WRONG_RANK, Set.of("operand 1")), RejectionCause.ofReference(
                "einstein sum subscript 'b' does not contain the correct number of indices for operand 1."));
        assertEquals(Kind.EINSUM_LENGTHS_DISAGREE, RejectionCause.ofReference(
                "size of dimension does not match previous size, operand 1, dim 0").kind());
        assertEquals(Kind.EMPTY_LIST, RejectionCause.ofReference("`einops.einsum` takes at minimum two arguments: the"
                + " tensors (at least one), followed by the pattern.").kind());
        assertEquals(Kind.EMPTY_LIST, RejectionCause.ofProject("einsum needs at least one tensor").kind());
    }

    @Test
    void aCauseIsNamedOnlyByTheSameKindWithEveryPartItNames() {
        RejectionCause want = RejectionCause.ofReference("Identifiers only on one side of expression (should be on both): {'d'}");
        assertTrue(want.isNamedBy(RejectionCause.ofProject("Identifiers only on one side of expression (should be on both): {d}")));
        assertTrue(want.isNamedBy(new RejectionCause(Kind.ONE_SIDE_ONLY, Set.of("axis d", "axis e"))), "more is fine");
        assertFalse(want.isNamedBy(RejectionCause.ofProject("Identifiers only on one side of expression (should be on both): {c}")),
                "another axis");
        assertFalse(want.isNamedBy(RejectionCause.ofProject("Specify sizes for new axes in repeat: {d}")), "another kind");
        assertFalse(want.isNamedBy(RejectionCause.ofProject("something went wrong with d")), "an unread reason");
    }

    @Test
    void aLimitOfTheReferenceIsNamedByAnyReadCause() {
        RejectionCause limit = RejectionCause.ofReference("Too many axes in einsum.");
        assertEquals(Kind.REFERENCE_LIMIT, limit.kind());
        assertTrue(limit.isNamedBy(RejectionCause.ofProject("Operand 0 has shape [1] but its part of the pattern names 53 axes")));
        assertFalse(limit.isNamedBy(RejectionCause.ofProject("the tensor library failed")));
    }
}
