package com.wwi.lakehouse.lake.storage;

import io.delta.storage.LocalLogStore;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Iterator;
import java.util.UUID;

/**
 * Delta's log store for local folders, made safe across processes: a commit file is written to a temporary
 * file and published with a hard link, which the OS refuses when the target exists, so two writers (threads,
 * handles or processes) can never both take a version. Delta's own {@code LocalLogStore} only locks within one
 * store instance and renames over an existing file. Overwrites (checkpoint metadata) keep the parent's way.
 */
public class AtomicLocalLogStore extends LocalLogStore {

    public AtomicLocalLogStore(Configuration initHadoopConf) {
        super(initHadoopConf);
    }

    @Override
    public void write(Path path, Iterator<String> actions, Boolean overwrite, Configuration hadoopConf) throws IOException {
        if (overwrite) {
            super.write(path, actions, true, hadoopConf);
            return;
        }
        java.nio.file.Path target = java.nio.file.Path.of(path.toUri());
        java.nio.file.Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Writer out;
        try {
            out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            // the first commit of a table: its _delta_log folder does not exist yet (checked only then)
            Files.createDirectories(target.getParent());
            out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
        }
        try {
            try (Writer w = out) {
                while (actions.hasNext()) {
                    w.write(actions.next());
                    w.write('\n');
                }
            }
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(path.toString());
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
