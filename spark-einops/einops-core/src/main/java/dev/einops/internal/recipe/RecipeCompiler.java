package dev.einops.internal.recipe;

import dev.einops.internal.parse.AnonymousAxis;
import dev.einops.internal.parse.Axis;
import dev.einops.internal.parse.AxisGroup;
import dev.einops.internal.parse.AxisNames;
import dev.einops.internal.parse.EllipsisAxis;
import dev.einops.internal.parse.NamedAxis;
import dev.einops.internal.parse.ParsedExpression;
import dev.einops.internal.parse.Pattern;
import dev.einops.types.EinopsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles a pattern into a {@link TransformRecipe} in three steps: validate the pattern against
 * the operation, expand the ellipsis for the input rank, and number the elementary axes.
 *
 * <pre>{@code
 * TransformRecipe r = RecipeCompiler.compile(Operation.REARRANGE, "b ... -> ... b", List.of(), 3);
 * r.outputOrder();   // [1, 2, 0]
 * }</pre>
 */
public final class RecipeCompiler {
    private RecipeCompiler() {
    }

    /**
     * Compiles {@code pattern} for {@code operation}.
     *
     * @param axisNames the names of the axis-length arguments, in call order
     * @param inputRank the rank of the input tensor
     * @throws EinopsException when the pattern is invalid for the operation or the rank
     */
    public static TransformRecipe compile(Operation operation, String pattern, List<String> axisNames, int inputRank) {
        Pattern parsed = Pattern.parse(pattern);
        validate(operation, parsed, axisNames);
        ExpandedPattern expanded = expandEllipsis(parsed, inputRank);
        return number(operation, pattern, inputRank, expanded, axisNames);
    }

    /**
     * Every check that does not need the input: the pattern's syntax, the operation's rules, and
     * that each axis-length name is a valid name used by the pattern. Layers call this when they
     * are built, so that a bad pattern fails at construction rather than at the first batch.
     *
     * @throws EinopsException with the reason
     */
    public static Pattern check(Operation operation, String pattern, List<String> axisNames) {
        Pattern parsed = Pattern.parse(pattern);
        validate(operation, parsed, axisNames);
        Set<String> names = new LinkedHashSet<>();
        for (ParsedExpression side : List.of(parsed.left(), parsed.right())) {
            for (Axis axis : side.identifiers()) {
                if (axis instanceof NamedAxis named) {
                    names.add(named.name());
                }
            }
        }
        for (String name : axisNames) {
            if (!AxisNames.isValid(name, false)) {
                throw new EinopsException("Invalid name for an axis: '" + name + "' ("
                        + AxisNames.whyInvalid(name, false).orElseThrow() + ")");
            }
            if (!names.contains(name)) {
                throw new EinopsException("Axis " + name + " is not used in transform");
            }
        }
        return parsed;
    }

    /** The checks that depend on the pattern and the operation only, in the reference's order. */
    static void validate(Operation operation, Pattern pattern, List<String> axisNames) {
        ParsedExpression left = pattern.left();
        ParsedExpression right = pattern.right();
        if (!left.hasEllipsis() && right.hasEllipsis()) {
            throw new EinopsException("Ellipsis found in right side, but not left side of a pattern");
        }
        if (left.hasEllipsis() && left.ellipsisParenthesized()) {
            throw new EinopsException("Ellipsis inside parenthesis in the left side is not allowed: "
                    + left.composition().stream().filter(g -> g.parenthesized() && g.axes().contains(EllipsisAxis.INSTANCE))
                    .findFirst().orElseThrow());
        }
        switch (operation) {
            case REARRANGE -> {
                if (left.hasNonUnitAnonymousAxes() || right.hasNonUnitAnonymousAxes()) {
                    Set<Axis> numbers = new LinkedHashSet<>(left.identifiers());
                    numbers.addAll(right.identifiers());
                    numbers.removeIf(axis -> !(axis instanceof AnonymousAxis));
                    throw new EinopsException("Non-unitary anonymous axes are not supported in rearrange (exception is length 1): "
                            + show(numbers));
                }
                Set<Axis> onlyOneSide = difference(left.identifiers(), right.identifiers());
                onlyOneSide.addAll(difference(right.identifiers(), left.identifiers()));
                if (!onlyOneSide.isEmpty()) {
                    throw new EinopsException("Identifiers only on one side of expression (should be on both): "
                            + show(onlyOneSide));
                }
            }
            case REPEAT -> {
                Set<Axis> leftOnly = difference(left.identifiers(), right.identifiers());
                if (!leftOnly.isEmpty()) {
                    throw new EinopsException("Unexpected identifiers on the left side of repeat: " + show(leftOnly));
                }
                Set<Axis> withoutSize = new LinkedHashSet<>();
                for (Axis axis : right.identifiers()) {
                    if (axis instanceof NamedAxis named && !left.mentions(axis) && !axisNames.contains(named.name())) {
                        withoutSize.add(axis);
                    }
                }
                if (!withoutSize.isEmpty()) {
                    throw new EinopsException("Specify sizes for new axes in repeat: " + show(withoutSize));
                }
            }
            case REDUCE -> {
                Set<Axis> rightOnly = difference(right.identifiers(), left.identifiers());
                if (!rightOnly.isEmpty()) {
                    throw new EinopsException("Unexpected identifiers on the right side of reduce: " + show(rightOnly));
                }
            }
        }
    }

    /** Both sides with the ellipsis replaced by as many named axes as the input rank leaves for it. */
    record ExpandedPattern(List<Group> left, List<Group> right) {
    }

    /** One axis of a side after ellipsis expansion: its elementary axes and how it was written. */
    record Group(List<Axis> axes, String text) {
    }

    static ExpandedPattern expandEllipsis(Pattern pattern, int inputRank) {
        List<AxisGroup> left = pattern.left().composition();
        if (!pattern.left().hasEllipsis()) {
            if (inputRank != left.size()) {
                throw new EinopsException("Wrong shape: expected " + left.size() + " dims. Received "
                        + inputRank + "-dim tensor.");
            }
            return new ExpandedPattern(asGroups(left, List.of()), asGroups(pattern.right().composition(), List.of()));
        }
        int otherAxes = left.size() - 1;
        if (inputRank < otherAxes) {
            throw new EinopsException("Wrong shape: expected >=" + otherAxes + " dims. Received "
                    + inputRank + "-dim tensor.");
        }
        List<Axis> ellipsisAxes = new ArrayList<>();
        for (int i = 0; i < inputRank - otherAxes; i++) {
            ellipsisAxes.add(new NamedAxis("..." + i));
        }
        return new ExpandedPattern(asGroups(left, ellipsisAxes), asGroups(pattern.right().composition(), ellipsisAxes));
    }

    private static List<Group> asGroups(List<AxisGroup> composition, List<Axis> ellipsisAxes) {
        List<Group> groups = new ArrayList<>();
        for (AxisGroup group : composition) {
            if (group.isEllipsis()) {
                for (Axis axis : ellipsisAxes) {
                    groups.add(new Group(List.of(axis), axis.toString()));
                }
                continue;
            }
            List<Axis> axes = new ArrayList<>();
            for (Axis axis : group.axes()) {
                if (axis == EllipsisAxis.INSTANCE) {
                    axes.addAll(ellipsisAxes);
                } else {
                    axes.add(axis);
                }
            }
            groups.add(new Group(axes, group.toString()));
        }
        return groups;
    }

    private static TransformRecipe number(Operation operation, String pattern, int inputRank,
                                          ExpandedPattern expanded, List<String> axisNames) {
        Map<Axis, Integer> position = new LinkedHashMap<>();
        List<Long> known = new ArrayList<>();
        for (Group group : expanded.left()) {
            for (Axis axis : group.axes()) {
                position.put(axis, position.size());
                known.add(fixedLength(axis));
            }
        }
        int inputAxisCount = position.size();
        Set<Axis> rightAxes = new LinkedHashSet<>();
        for (Group group : expanded.right()) {
            rightAxes.addAll(group.axes());
        }
        for (Axis axis : rightAxes) {
            if (!position.containsKey(axis)) {
                position.put(axis, position.size());
                known.add(fixedLength(axis));
            }
        }

        int[] givenAxes = new int[axisNames.size()];
        for (int i = 0; i < axisNames.size(); i++) {
            String name = axisNames.get(i);
            if (!AxisNames.isValid(name, false)) {
                throw new EinopsException("Invalid name for an axis: '" + name + "' ("
                        + AxisNames.whyInvalid(name, false).orElseThrow() + ")");
            }
            Integer elementary = position.get(new NamedAxis(name));
            if (elementary == null) {
                throw new EinopsException("Axis " + name + " is not used in transform");
            }
            givenAxes[i] = elementary;
            known.set(elementary, TransformRecipe.GIVEN);
        }

        List<TransformRecipe.InputGroup> inputGroups = new ArrayList<>();
        for (Group group : expanded.left()) {
            List<Integer> knownAxes = new ArrayList<>();
            List<Axis> unknownAxes = new ArrayList<>();
            for (Axis axis : group.axes()) {
                if (known.get(position.get(axis)) == TransformRecipe.UNKNOWN) {
                    unknownAxes.add(axis);
                } else {
                    knownAxes.add(position.get(axis));
                }
            }
            if (unknownAxes.size() > 1) {
                throw new EinopsException("Could not infer sizes for " + show(unknownAxes)
                        + " in " + group.text() + ": give all but one of them as axis lengths");
            }
            int unknown = unknownAxes.isEmpty() ? -1 : position.get(unknownAxes.get(0));
            inputGroups.add(new TransformRecipe.InputGroup(group.text(),
                    knownAxes.stream().mapToInt(Integer::intValue).toArray(), unknown));
        }

        boolean[] reduced = new boolean[inputAxisCount];
        for (Map.Entry<Axis, Integer> entry : position.entrySet()) {
            if (entry.getValue() < inputAxisCount) {
                reduced[entry.getValue()] = !rightAxes.contains(entry.getKey());
            }
        }
        int[] outputOrder = expanded.right().stream().flatMap(g -> g.axes().stream())
                .mapToInt(position::get).toArray();
        int[] outputGroupSizes = expanded.right().stream().mapToInt(g -> g.axes().size()).toArray();
        List<String> names = position.keySet().stream().map(Axis::toString).toList();
        return new TransformRecipe(operation, pattern, inputRank, names,
                known.stream().mapToLong(Long::longValue).toArray(), givenAxes, inputGroups,
                inputAxisCount, reduced, outputOrder, outputGroupSizes);
    }

    private static long fixedLength(Axis axis) {
        return axis instanceof AnonymousAxis anonymous ? anonymous.length() : TransformRecipe.UNKNOWN;
    }

    private static Set<Axis> difference(Set<Axis> a, Set<Axis> b) {
        Set<Axis> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static String show(java.util.Collection<Axis> axes) {
        return axes.stream().map(Axis::toString).collect(Collectors.joining(", ", "{", "}"));
    }
}
