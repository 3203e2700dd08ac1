/**
 * A user's own model instead of the bundled one: a TorchScript sequence classifier ({@code input_ids},
 * {@code attention_mask} → logits) with its {@code tokenizer.json} and label list — the path to a fine-tuned
 * DistilBERT — run by DJL on the PyTorch engine; and the choice between the two from settings.
 */
package com.wwi.lakehouse.sentiment.custom;
