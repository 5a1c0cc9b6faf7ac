package org.hotline.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.hotline.Station;
import org.hotline.config.StationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the station: federation port (mutual TLS) and operator API, until stopped.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    StationOption station;

    @Override
    public Integer call() throws Exception {
        StationConfig config = station.config();
        Station running;
        try {
            running = Station.start(config, Clock.systemUTC());
        } catch (java.io.IOException | RuntimeException e) {
            throw new CliException("the station did not start: " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.println("Station \"" + running.identity().name() + "\" " + running.identity().id().display());
        System.out.println("  federation  " + config.federationListen().withPort(running.federationPort()) + " (advertised as "
                + running.identity().advertise() + ")");
        System.out.println("  API         " + running.apiUrl() + "/api/v1/");
        System.out.println("Stop with Ctrl-C.");
        stopped.await();
        return 0;
    }
}
