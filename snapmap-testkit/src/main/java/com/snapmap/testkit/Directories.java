package com.snapmap.testkit;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deleting the temporary directories of tests, servers and runs (a browser profile, a broker's
 * log, a benchmark's work): best effort, since a process that was just stopped may still remove or
 * write a file while the tree is walked, and a temporary directory left behind is harmless.
 */
public final class Directories {

    private Directories() {}

    /**
     * Deletes {@code dir} and everything below it, as far as it can; never throws. Files that
     * vanish while it walks are skipped, a directory something wrote into again is left.
     *
     * @return whether {@code dir} is gone
     */
    public static boolean deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    try {
                        Files.deleteIfExists(d);
                    } catch (DirectoryNotEmptyException late) {
                        // written into after its files were deleted: left behind
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // what is left stays; the answer says so
        }
        return !Files.exists(dir);
    }
}
