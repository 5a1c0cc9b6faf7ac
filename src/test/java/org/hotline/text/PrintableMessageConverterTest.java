package org.hotline.text;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The station's own logback.xml (not the tests'): a text log line stays one visible line whatever a logged value holds. */
class PrintableMessageConverterTest {

    @Test
    void theTextLogShowsControlAndBidiCharactersOfAnyValueAsVisibleEscapes() throws Exception {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(PrintableMessageConverterTest.class.getResource("/logback.xml"));
            assertThat(context.getStatusManager().getCopyOfStatusList()).extracting(Status::getLevel).doesNotContain(Status.ERROR);
            context.getLogger("org.hotline.console.Console").warn("console: failed sign-in for user {}",
                    "mallory\n12:00:00.000 INFO  Console - console: admin signed in\u001b[2K\u202e");
        } finally {
            context.stop();
            System.setErr(oldErr);
        }
        String logged = err.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("failed sign-in for user mallory\\u000a12:00:00.000 INFO  Console - console: admin signed in\\u001b[2K\\u202e")
                .doesNotContain("\u001b", "\u202e").hasLineCount(1);
    }
}
