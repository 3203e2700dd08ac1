/**
 * The words of every error a user meets, in one place (as Delta Kernel's {@code DeltaErrors}): each says what went
 * wrong, why, and how to fix it, on one line. The bottom of the import rule: it imports nothing of the project, and
 * every room may use it.
 */
package com.wwi.lakehouse.errors;


