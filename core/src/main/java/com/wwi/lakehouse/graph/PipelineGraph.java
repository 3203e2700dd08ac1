package com.wwi.lakehouse.graph;

import com.wwi.lakehouse.errors.Errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pipeline as data: its landing datasets and its tables, in an order where every table comes after its
 * inputs. Built by {@link #of}, which refuses, with one line naming the table, a name used twice, an input that is
 * not a table of the graph, and a cycle.
 */
public final class PipelineGraph {
    private final List<LandingNode> landings;
    private final List<TableNode> tables;
    private final Map<String, TableNode> byPath;

    private PipelineGraph(List<LandingNode> landings, List<TableNode> ordered) {
        this.landings = List.copyOf(landings);
        this.tables = List.copyOf(ordered);
        Map<String, TableNode> m = new LinkedHashMap<>();
        ordered.forEach(t -> m.put(t.path(), t));
        this.byPath = Collections.unmodifiableMap(m);
    }

    /**
     * The graph of these landings (each brings its Bronze table) and tables (Silver, Gold, system), validated.
     * Tables keep the order given where their inputs allow; a table listed before one of its inputs moves after it.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    public static PipelineGraph of(List<LandingNode> landings, List<TableNode> tables) {
        List<TableNode> all = new ArrayList<>();
        Set<String> folders = new HashSet<>();
        for (LandingNode l : landings) {
            if (!folders.add(l.dataset().folder())) {
                throw new IllegalArgumentException(Errors.landingDeclaredTwice(l.dataset().folder()));
            }
            all.add(l.bronze());
        }
        all.addAll(tables);
        Map<String, TableNode> byPath = new LinkedHashMap<>();
        for (TableNode t : all) {
            if (byPath.put(t.path(), t) != null) {
                throw new IllegalArgumentException(Errors.tableDeclaredTwice(t.path()));
            }
        }
        for (TableNode t : all) {
            for (String in : t.inputs()) {
                if (!byPath.containsKey(in)) {
                    throw new IllegalArgumentException(Errors.undeclaredInput(t.path(), in));
                }
            }
        }
        return new PipelineGraph(landings, topological(all, byPath));
    }

    /** Depth-first, inputs first, keeping the given order otherwise; a table met again while open is a cycle. */
    private static List<TableNode> topological(List<TableNode> all, Map<String, TableNode> byPath) {
        List<TableNode> out = new ArrayList<>();
        Map<String, Boolean> state = new HashMap<>(); // false: open, true: done
        for (TableNode t : all) {
            visit(t, byPath, state, out, new ArrayList<>());
        }
        return out;
    }

    private static void visit(TableNode t, Map<String, TableNode> byPath, Map<String, Boolean> state,
                              List<TableNode> out, List<String> path) {
        Boolean s = state.get(t.path());
        if (Boolean.TRUE.equals(s)) {
            return;
        }
        path.add(t.path());
        if (Boolean.FALSE.equals(s)) {
            throw new IllegalArgumentException(Errors.cycle(path.subList(path.indexOf(t.path()), path.size())));
        }
        state.put(t.path(), false);
        for (String in : t.inputs()) {
            visit(byPath.get(in), byPath, state, out, path);
        }
        state.put(t.path(), true);
        out.add(t);
        path.remove(path.size() - 1);
    }

    public List<LandingNode> landings() {
        return landings;
    }

    /** Every table, each after its inputs. */
    public List<TableNode> tables() {
        return tables;
    }

    public Optional<TableNode> table(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** The tables the Gold refresh maintains, each after its inputs. */
    public List<TableNode> gold() {
        return tables.stream().filter(t -> t.follows().isGold()).toList();
    }

    /** The paths of {@link #gold()}. */
    public List<String> goldPaths() {
        return gold().stream().map(TableNode::path).toList();
    }

    /** The tables that read {@code path} directly. */
    public List<TableNode> readersOf(String path) {
        return tables.stream().filter(t -> t.inputs().contains(path)).toList();
    }

    /**
     * The same graph with the drift policy of some landings replaced (a deployment's {@code LAKEHOUSE_DRIFT}), by
     * folder; the graph itself when there is none.
     *
     * @throws IllegalArgumentException naming a folder that is no landing of the graph
     */
    public PipelineGraph withDrift(Map<String, LandingNode.Drift> policies) {
        if (policies.isEmpty()) {
            return this;
        }
        Set<String> folders = new HashSet<>();
        landings.forEach(l -> folders.add(l.dataset().folder()));
        for (String f : policies.keySet()) {
            if (!folders.contains(f)) {
                throw new IllegalArgumentException(Errors.unknownDriftFolder(f, folders));
            }
        }
        List<LandingNode> changed = landings.stream()
                .map(l -> l.withDrift(policies.getOrDefault(l.dataset().folder(), l.drift()))).toList();
        List<TableNode> rest = new ArrayList<>(tables);
        rest.removeIf(t -> t.follows() == Follows.LANDING);
        return of(changed, rest);
    }

    /** The same graph with more tables (a test's extra Gold table, say), validated again. */
    public PipelineGraph with(TableNode... more) {
        List<TableNode> rest = new ArrayList<>(tables);
        // the Bronze tables come from the landings again
        rest.removeIf(t -> t.follows() == Follows.LANDING);
        rest.addAll(List.of(more));
        return of(landings, rest);
    }
}
