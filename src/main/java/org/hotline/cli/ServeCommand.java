package org.hotline.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.hotline.Station;
import org.hotline.config.StationConfig;
import org.hotline.ha.HaNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the station: federation port (mutual TLS) and operator API, until stopped.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    DataOption station;

    @Override
    public Integer call() throws Exception {
        StationConfig config = station.config();
        if (config.ha().isPresent()) {
            return serveAsNode(config);
        }
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
        config.advertiseWarning().ifPresent(warning -> System.out.println("Warning: " + warning + "."));
        System.out.println("Stop with Ctrl-C.");
        stopped.await();
        return 0;
    }

    /** High availability: lead or follow until stopped; see {@link HaNode}. */
    private static int serveAsNode(StationConfig config) {
        HaNode node = new HaNode(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shutdown"));
        System.out.println("Station \"" + config.name() + "\", node " + node.name() + " of a highly available station");
        System.out.println("  federation  " + config.federationListen() + ", API http://" + config.apiListen().connectable() + "/api/v1/");
        System.out.println("  leads when it holds the lease; otherwise relays both ports to the node that does.");
        System.out.println("Stop with Ctrl-C.");
        node.run();
        return 0;
    }
}
