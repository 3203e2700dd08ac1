package com.wwi.lakehouse.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The page: one self-contained HTML file (styles, script and data inline; a Content-Security-Policy of
 * {@code default-src 'none'} so that opening it makes no request to any host). The data is embedded as JSON in a
 * {@code <script type="application/json">} element with every {@code <}, {@code >} and {@code &} escaped, so no value
 * (a quarantined payload holding {@code </script>}, say) can end the element; the script puts every value into the
 * page as text, never as markup.
 */
public final class Page {
    private static final String TEMPLATE = template();
    private static final String SLOT = "/*DATA*/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Page() {
    }

    /** The page for the view's document. */
    public static String render(ObjectNode document) {
        return TEMPLATE.replace(SLOT, embeddable(document));
    }

    /** The document as JSON that is inert inside an HTML script element. */
    static String embeddable(ObjectNode document) {
        String json;
        try {
            json = JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the page's data", e);
        }
        // outside strings JSON has none of these characters, so escaping them everywhere only touches strings
        StringBuilder sb = new StringBuilder(json.length() + 64);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                case '\u2028' -> sb.append("\\u2028");
                case '\u2029' -> sb.append("\\u2029");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String template() {
        try (InputStream in = Page.class.getResourceAsStream("page.html")) {
            if (in == null) {
                throw new IllegalStateException("page.html is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
