package com.wwi.lakehouse.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it (so that a line of invalid UTF-8 can be kept as raw
 * bytes). Ends lines at LF, CRLF or a lone CR; drops a UTF-8 byte order mark at the start. Line numbers
 * start at 1. Streams: memory is one line plus a buffer.
 */
final class LineReader implements AutoCloseable {
    /** A line: its number and bytes (without the terminator). */
    record Line(long number, byte[] bytes) {
    }

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private long lineNo;
    private boolean first = true;
    private boolean eof;
    private long bytesRead;

    LineReader(InputStream in) {
        this.in = in;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** The next line, or null at the end. */
    Line next() throws IOException {
        byte[] line = new byte[128];
        int len = 0;
        boolean sawAny = false;
        while (true) {
            if (pos >= limit && !fill()) {
                return sawAny ? new Line(++lineNo, Arrays.copyOf(line, len)) : null;
            }
            byte b = buf[pos++];
            sawAny = true;
            if (b == '\n') {
                return new Line(++lineNo, Arrays.copyOf(line, len));
            }
            if (b == '\r') {
                if ((pos < limit || fill()) && buf[pos] == '\n') {
                    pos++;
                }
                return new Line(++lineNo, Arrays.copyOf(line, len));
            }
            if (len == line.length) {
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[len++] = b;
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            pos = 0;
            limit = 0;
            return false;
        }
        bytesRead += n;
        pos = 0;
        limit = n;
        if (first) {
            first = false;
            if (n >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
                pos = 3;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
