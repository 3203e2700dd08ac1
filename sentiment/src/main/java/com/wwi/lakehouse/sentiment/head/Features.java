package com.wwi.lakehouse.sentiment.head;

import com.wwi.lakehouse.sentiment.lexicon.Afinn;
import com.wwi.lakehouse.sentiment.lexicon.Vader;

import java.util.Arrays;

/** The head's input: the sentence embedding, then VADER's compound and tanh(AFINN / 4). */
public final class Features {
    /** What the feature vector holds, recorded with a trained head. */
    public static final String DESCRIPTION = "all-MiniLM-L6-v2 mean-pooled normalised embedding (384), VADER compound,"
            + " tanh(AFINN-165 score / 4)";

    private Features() {
    }

    /** The feature vector of one text. */
    public static float[] of(float[] embedding, String text, Afinn afinn, Vader vader) {
        return of(embedding, vader.compound(text), afinn.score(text));
    }

    /** The feature vector from the embedding and the text's VADER compound and AFINN score. */
    public static float[] of(float[] embedding, double vaderCompound, double afinnScore) {
        float[] z = Arrays.copyOf(embedding, embedding.length + 2);
        z[embedding.length] = (float) vaderCompound;
        z[embedding.length + 1] = (float) Math.tanh(afinnScore / 4.0);
        return z;
    }
}
