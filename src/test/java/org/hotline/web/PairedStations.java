package org.hotline.web;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.hotline.Station;
import org.hotline.StationFiles;
import org.hotline.it.TestStations;
import org.hotline.store.Role;

/**
 * Two real stations, "Blue House" (south) and "State Affairs Commission" (north), joined by the
 * line "liaison", with an operator token for each, and for south its station (CLI) token, which
 * is a principal's, and an auditor token.
 */
final class PairedStations implements AutoCloseable {
    static final String LINE = "liaison";

    final Path southDir;
    final Path northDir;
    final Station south;
    final Station north;
    final String southOperator;
    final String northOperator;
    final String southAuditor;
    /** South's cli.token, made by init: role principal. */
    final String southPrincipal;

    private PairedStations(Path southDir, Path northDir, Station south, Station north) throws Exception {
        this.southDir = southDir;
        this.northDir = northDir;
        this.south = south;
        this.north = north;
        this.southPrincipal = StationFiles.readCliToken(southDir);
        this.southOperator = StationFiles.createToken(south.store(), "watch", Role.OPERATOR, new SecureRandom(), Clock.systemUTC());
        this.northOperator = StationFiles.createToken(north.store(), "watch", Role.OPERATOR, new SecureRandom(), Clock.systemUTC());
        this.southAuditor = StationFiles.createToken(south.store(), "audit", Role.AUDITOR, new SecureRandom(), Clock.systemUTC());
    }

    static PairedStations start(Path temp) throws Exception {
        Path southDir = TestStations.init(temp.resolve("south"), "Blue House");
        Path northDir = TestStations.init(temp.resolve("north"), "State Affairs Commission");
        Station south = TestStations.start(southDir);
        Station north = null;
        try {
            north = TestStations.start(northDir);
            TestStations.pair(south, north, LINE);
            return new PairedStations(southDir, northDir, south, north);
        } catch (Exception | Error e) {
            if (north != null) {
                north.close();
            }
            south.close();
            throw e;
        }
    }

    Http southAsOperator() {
        return Http.bearer(south.apiUrl(), southOperator);
    }

    Http northAsOperator() {
        return Http.bearer(north.apiUrl(), northOperator);
    }

    Http southAsPrincipal() {
        return Http.bearer(south.apiUrl(), southPrincipal);
    }

    Http southAsAuditor() {
        return Http.bearer(south.apiUrl(), southAuditor);
    }

    @Override
    public void close() {
        try {
            north.close();
        } finally {
            south.close();
        }
    }
}
