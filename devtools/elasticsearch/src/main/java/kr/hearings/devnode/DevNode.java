package kr.hearings.devnode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;

/**
 * Starts one real Elasticsearch node in this JVM for development, tests and CI.
 *
 * <p>Elastic's distribution cannot be downloaded here, but the server and its Netty HTTP layer are
 * on Maven Central. The launcher lays them out the way the distribution does (server on the class
 * path, Netty as a module with its own class loader under {@code HOME/modules}) and constructs the
 * node directly, skipping the CLI launcher and its bootstrap checks (which refuse to run as root,
 * as CI does). Modules Elastic does not publish there (analysis-common, painless, reindex, x-pack)
 * are absent, so the mappings use only what the server core provides.
 *
 * <p>Usage: {@code DevNode HOME_DIR DATA_DIR HTTP_PORT TRANSPORT_PORT [NODE_NAME SEED_TRANSPORT_PORTS MASTER_NAMES]}
 *
 * <p>With the last three arguments the node joins a local cluster (seed ports and initial master names
 * comma-separated) instead of running alone. {@code DATA_DIR/../snapshots} is the snapshot repository
 * root ({@code path.repo}) for {@code hearings backup}.
 */
public final class DevNode {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        Path data = Path.of(args[1]).toAbsolutePath();
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(data);
        boolean clustered = args.length >= 7;
        String nodeName = clustered ? args[4] : "hearings-dev-node";
        Settings.Builder builder = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", data.resolve("data").toString())
            .put("path.logs", data.resolve("logs").toString())
            .put("path.repo", data.getParent().resolve("snapshots").toString())
            .put("cluster.name", clustered ? "hearings-cluster" : "hearings-dev")
            .put("node.name", nodeName)
            .put("network.host", "127.0.0.1")
            .put("http.port", args[2])
            .put("transport.port", args[3])
            // A laptop disk at 90% must not turn indices read-only in the middle of a test run.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", false);
        if (clustered) {
            List<String> seeds = new ArrayList<>();
            for (String port : args[5].split(",")) {
                seeds.add("127.0.0.1:" + port);
            }
            builder.putList("discovery.seed_hosts", seeds)
                .putList("cluster.initial_master_nodes", List.of(args[6].split(",")));
        } else {
            builder.put("discovery.type", "single-node");
        }
        Settings settings = builder.build();
        LogConfigurator.configureWithoutConfig(settings);
        Environment environment =
            InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"), () -> nodeName);
        PluginsLoader plugins =
            PluginsLoader.createPluginsLoader(PluginsLoader.loadModulesBundles(environment.modulesDir()), Set.of(), Map.of());
        Node node = new Node(environment, plugins);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        node.start();
        System.out.println("hearings dev node started on http://127.0.0.1:" + args[2]);
        stopped.await();
    }
}
