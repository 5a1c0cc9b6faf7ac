package org.hotline.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table whose columns are as wide as their widest cell, so a long state such as
 * "restore-proposed (silent)" or a long line name never pushes the columns after it out of line.
 */
final class Table {
    private final List<String> headings;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    /** Headings; one starting with '>' is right-aligned (numbers), the '>' is not shown. */
    Table(String... headings) {
        this.headings = new ArrayList<>();
        this.rightAligned = new boolean[headings.length];
        for (int i = 0; i < headings.length; i++) {
            rightAligned[i] = headings[i].startsWith(">");
            this.headings.add(rightAligned[i] ? headings[i].substring(1) : headings[i]);
        }
    }

    Table row(Object... cells) {
        if (cells.length != headings.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + headings.size() + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    /** The table, one line per row after the headings; the last column is not padded. */
    List<String> lines() {
        int[] widths = new int[headings.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headings);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).codePointCount(0, row.get(i).length()));
            }
        }
        List<String> out = new ArrayList<>();
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = row.get(i);
                String padding = " ".repeat(widths[i] - cell.codePointCount(0, cell.length()));
                boolean last = i == widths.length - 1;
                line.append(rightAligned[i] ? padding + cell : last ? cell : cell + padding);
                if (!last) {
                    line.append("  ");
                }
            }
            out.add(line.toString());
        }
        return out;
    }
}
