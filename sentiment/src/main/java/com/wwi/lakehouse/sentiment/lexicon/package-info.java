/**
 * The lexicon baselines the model is compared with, ported to Java and checked against the JavaScript originals
 * on every labeled sentence: AFINN-165 as the {@code sentiment} npm package scores it, and VADER as
 * {@code vader-sentiment} does.
 */
package com.wwi.lakehouse.sentiment.lexicon;
