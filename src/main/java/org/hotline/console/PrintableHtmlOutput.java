package org.hotline.console;

import gg.jte.TemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import org.hotline.text.Printable;

/**
 * The console's template output: jte's HTML escaping, and before it {@link Printable#text} on
 * every value a template writes. HTML escaping stops markup, but a bidi override or a zero-width
 * character in a peer's name or message would still reorder or hide what the operator reads;
 * those become visible escapes. Newlines are kept: the templates show text in its own block.
 */
final class PrintableHtmlOutput extends OwaspHtmlTemplateOutput {
    PrintableHtmlOutput(TemplateOutput output) {
        super(output);
    }

    @Override
    public void writeUserContent(String value) {
        super.writeUserContent(value == null ? null : Printable.text(value));
    }
}
