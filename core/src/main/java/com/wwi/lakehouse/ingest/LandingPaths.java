package com.wwi.lakehouse.ingest;

/** Checks a landed file's path ({@code <dataset>/<name>}, relative to the landing container). */
public final class LandingPaths {
    private LandingPaths() {
    }

    /** Null when the path is acceptable, else why not. */
    public static String problem(String path) {
        if (path == null || path.isBlank()) {
            return "empty file path";
        }
        if (path.startsWith("/") || path.startsWith("\\")) {
            return "file path must be relative to the landing container: " + printable(path);
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7F || c == '\\') {
                return "file path contains a control character or backslash: " + printable(path);
            }
        }
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            return "file must be in a dataset folder (<dataset>/<name>): " + printable(path);
        }
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                return "file path has an empty, '.' or '..' segment: " + printable(path);
            }
            if (seg.startsWith(".")) {
                return "hidden file (a name starting with '.', such as an editor's or the OS's own file), not landed: "
                        + printable(path);
            }
        }
        return null;
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
