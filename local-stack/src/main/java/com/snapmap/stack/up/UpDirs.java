package com.snapmap.stack.up;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every up verb takes: where the repository and the data are (the launcher passes both). */
final class UpDirs {
    @Option(names = "--root", required = true, hidden = true, description = "the built repository")
    Path root;
    @Option(names = "--home", required = true, hidden = true, description = "where up keeps data, logs and state (.snapmap)")
    Path home;

    UpLayout layout() {
        return new UpLayout(root, home);
    }
}
