/**
 * The labeled sentences and lexicons the sentiment model is trained and judged with, fetched from the npm
 * registry at build or training time (never committed): the UCI "Sentiment Labelled Sentences" set (Kotzias et
 * al. 2015, CC BY 4.0) as shipped in {@code sentiment@5.0.2}'s test fixtures, with that package's AFINN-165
 * and emoji lists, and {@code vader-sentiment@1.1.3}'s VADER lexicon.
 */
package com.wwi.lakehouse.sentiment.data;
