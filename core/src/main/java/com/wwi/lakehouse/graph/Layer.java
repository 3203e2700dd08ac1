package com.wwi.lakehouse.graph;

import java.util.Locale;

/** The medallion layer of a table; also its {@code wwi.layer} table property. */
public enum Layer {
    BRONZE, SILVER, GOLD, SYSTEM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
