package com.wwi.lakehouse.testing;

import com.wwi.lakehouse.lake.Lake;
import com.wwi.lakehouse.lake.LakeTable;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Views of a real lake for tests that force a race: one table's handle wrapped, or one of its methods
 * intercepted, everything else going to the real table.
 */
public final class LakeViews {
    private LakeViews() {
    }

    /** The lake, with the handle of the table at {@code path} passed through {@code wrap}. */
    public static Lake wrapping(Lake inner, String path, UnaryOperator<LakeTable> wrap) {
        return new Lake() {
            @Override
            public String root() {
                return inner.root();
            }

            @Override
            public LakeTable table(String relativePath) {
                LakeTable t = inner.table(relativePath);
                return relativePath.equals(path) ? wrap.apply(t) : t;
            }

            @Override
            public List<String> listTables() {
                return inner.listTables();
            }

            @Override
            public String probeWrite() {
                return inner.probeWrite();
            }
        };
    }

    /**
     * The table, except that a call of one of {@code methods} first runs {@code replacement} with the call's
     * arguments, which returns the call's result, or null to go on to the real table.
     */
    public static LakeTable intercept(LakeTable t, Set<String> methods, Function<Object[], Object> replacement) {
        return (LakeTable) Proxy.newProxyInstance(LakeTable.class.getClassLoader(), new Class<?>[]{LakeTable.class},
                (proxy, m, args) -> {
                    if (methods.contains(m.getName())) {
                        Object r = replacement.apply(args);
                        if (r != null) {
                            return r;
                        }
                    }
                    try {
                        return m.invoke(t, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
