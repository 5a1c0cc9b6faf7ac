package org.hotline.cli;

import picocli.CommandLine;

/** Entry point of the {@code hotline} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Logging.configure(System.getenv("HOTLINE_LOG_FORMAT"));
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new HotlineCommand());
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof CliException) {
                // Error text can carry what a peer sent (its name, its refusal reason): never raw to a terminal.
                line.getErr().println("hotline: " + org.hotline.text.Printable.line(exception.getMessage()));
                return 1;
            }
            throw exception;
        });
        return commandLine;
    }
}
