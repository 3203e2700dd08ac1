/**
 * Progress of long work, told to whoever watches: a {@link com.wwi.lakehouse.progress.Progress} hands out one
 * {@link com.wwi.lakehouse.progress.Progress.Task} per piece of work with a known number of steps. The core reports
 * steps and knows nothing of terminals; the command line draws them (a bar with rate and ETA), the functions pass
 * {@link com.wwi.lakehouse.progress.Progress#NONE}. A bottom layer: it imports nothing of the project.
 */
package com.wwi.lakehouse.progress;
