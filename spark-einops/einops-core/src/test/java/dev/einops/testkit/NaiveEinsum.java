package dev.einops.testkit;

import dev.einops.spi.HostArray;
import dev.einops.types.DTypeFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * einsum as the definition says: one loop over every assignment of every label, multiplying the
 * operands' elements and adding into the output's. Labels are space-separated single names; a
 * label of length 1 in one operand broadcasts. Valid inputs only; no ellipsis.
 */
public final class NaiveEinsum {
    private NaiveEinsum() {
    }

    public static HostArray compute(String pattern, List<HostArray> operands) {
        String[] sides = pattern.split("->");
        String[] operandPatterns = sides[0].split(",", -1);
        List<String[]> labels = new ArrayList<>();
        Map<String, Long> length = new LinkedHashMap<>();
        for (int i = 0; i < operands.size(); i++) {
            String[] ls = operandPatterns[i].isBlank() ? new String[0] : operandPatterns[i].trim().split("\\s+");
            labels.add(ls);
            for (int a = 0; a < ls.length; a++) {
                length.merge(ls[a], operands.get(i).shape()[a], Math::max);
            }
        }
        String[] out = sides[1].isBlank() ? new String[0] : sides[1].trim().split("\\s+");
        long[] outShape = new long[out.length];
        for (int a = 0; a < out.length; a++) {
            outShape[a] = length.get(out[a]);
        }
        boolean booleans = operands.stream().allMatch(t -> t.family() == DTypeFamily.BOOLEAN);
        boolean floating = operands.stream().anyMatch(t -> t.family() == DTypeFamily.FLOATING);
        DTypeFamily family = booleans ? DTypeFamily.BOOLEAN : floating ? DTypeFamily.FLOATING : DTypeFamily.INTEGER;
        HostArrays.Buffer result = HostArrays.zeros(outShape, family);

        List<String> all = new ArrayList<>(length.keySet());
        long[] value = new long[all.size()];
        long total = 1;
        for (String l : all) {
            total *= length.get(l);
        }
        for (long assignment = 0; assignment < total; assignment++) {
            long rest = assignment;
            for (int k = all.size() - 1; k >= 0; k--) {
                value[k] = rest % length.get(all.get(k));
                rest /= length.get(all.get(k));
            }
            double d = 1;
            long l = 1;
            boolean b = true;
            for (int i = 0; i < operands.size(); i++) {
                HostArray t = operands.get(i);
                int flat = flatIndex(t.shape(), labels.get(i), all, value);
                d *= t.getDouble(flat);
                l *= t.getLong(flat);
                b &= t.getBoolean(flat);
            }
            int o = flatIndex(outShape, out, all, value);
            switch (family) {
                case FLOATING -> result.doubles[o] += d;
                case INTEGER -> result.longs[o] += l;
                case BOOLEAN -> result.booleans[o] |= b;
            }
        }
        return result.toHost();
    }

    private static int flatIndex(long[] shape, String[] labels, List<String> all, long[] value) {
        long flat = 0;
        for (int a = 0; a < labels.length; a++) {
            long v = shape[a] == 1 ? 0 : value[all.indexOf(labels[a])];
            flat = flat * shape[a] + v;
        }
        return (int) flat;
    }
}
