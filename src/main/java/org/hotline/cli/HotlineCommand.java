package org.hotline.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "hotline",
        mixinStandardHelpOptions = true,
        version = "hotline 0.1.0",
        description = "Direct lines between parties who must always be able to talk.",
        subcommands = {
            InitCommand.class,
            IdCommand.class,
            ServeCommand.class,
            LineCommand.class,
            LinesCommand.class,
            SendCommand.class,
            ReadCommand.class,
            TokenCommand.class,
            UserCommand.class,
            PrincipalCommand.class,
            LetterCommand.class,
            StatementCommand.class,
            SuspendCommand.class,
            RestoreCommand.class,
            HistoryCommand.class,
            AnswerCommand.class,
            ConfigCommand.class,
            BackupCommand.class,
            RestoreBackupCommand.class,
            ExportCommand.class,
            VerifyCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            CompletionCommand.class
        })
final class HotlineCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command; see hotline --help");
    }
}
