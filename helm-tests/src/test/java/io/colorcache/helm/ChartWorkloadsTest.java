package io.colorcache.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What matters in the pods: GPUs only for the workers, probes, images, security, selectors. */
class ChartWorkloadsTest {

    private static final String GATEWAY = "colorcache-gateway";
    private static final String INFERENCE = "colorcache-inference";
    private static final String WARMER = "colorcache-cache-warmer";
    private static final String REDIS = "colorcache-redis";

    static List<String> scenarios() {
        return ChartFixture.scenarios();
    }

    private static List<Container> allContainers(PodSpec pod) {
        List<Container> containers = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        return containers;
    }

    /** Every pod of a render: the templates of the workloads, and bare pods (the helm test's). */
    static List<PodSpec> pods(RenderedManifests manifests) {
        List<PodSpec> pods = new ArrayList<>(manifests.podTemplates().values().stream().map(PodTemplateSpec::getSpec).toList());
        manifests.ofType(Pod.class).forEach(p -> pods.add(p.getSpec()));
        return pods;
    }

    private static boolean requestsAGpu(Container container) {
        return container.getResources() != null && Stream.of(container.getResources().getLimits(),
                        container.getResources().getRequests())
                .filter(Objects::nonNull)
                .anyMatch(list -> list.keySet().stream().anyMatch(k -> k.startsWith("nvidia.com/")));
    }

    private static boolean toleratesGpuTaint(PodSpec pod) {
        return pod.getTolerations() != null && pod.getTolerations().stream()
                .anyMatch(t -> "nvidia.com/gpu".equals(t.getKey()));
    }

    @Test
    void onlyTheWorkersGetAGpuNodeSelectorAndToleration() {
        RenderedManifests manifests = ChartFixture.render(ChartFixture.DEFAULTS);
        PodSpec inference = manifests.named(Deployment.class, INFERENCE).getSpec().getTemplate().getSpec();
        Container worker = inference.getContainers().get(0);
        assertThat(worker.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
        assertThat(inference.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
        Toleration gpu = inference.getTolerations().stream().filter(t -> "nvidia.com/gpu".equals(t.getKey()))
                .findFirst().orElseThrow();
        assertThat(gpu.getOperator()).isEqualTo("Exists");
        assertThat(gpu.getEffect()).isEqualTo("NoSchedule");

        manifests.podTemplates().forEach((owner, template) -> {
            if (owner.equals(INFERENCE)) {
                return;
            }
            PodSpec pod = template.getSpec();
            assertThat(allContainers(pod)).as(owner).noneMatch(ChartWorkloadsTest::requestsAGpu);
            assertThat(pod.getNodeSelector() == null ? Map.of() : pod.getNodeSelector()).as(owner)
                    .doesNotContainKey("nvidia.com/gpu.present");
            assertThat(toleratesGpuTaint(pod)).as(owner).isFalse();
        });
    }

    @Test
    void aMigProfileAndAPinnedGpuModelAreRequestedAsConfigured() {
        PodSpec inference = ChartFixture.render("keda-values.yaml").named(Deployment.class, INFERENCE)
                .getSpec().getTemplate().getSpec();
        assertThat(inference.getContainers().get(0).getResources().getLimits())
                .containsEntry("nvidia.com/mig-1g.10gb", new Quantity("1")).doesNotContainKey("nvidia.com/gpu");
        assertThat(inference.getNodeSelector()).containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
    }

    @Test
    void aCpuOnlyClusterGetsNoGpuAnything() {
        RenderedManifests manifests = ChartFixture.render("cpu-only-values.yaml");
        manifests.podTemplates().forEach((owner, template) -> {
            assertThat(allContainers(template.getSpec())).as(owner).noneMatch(ChartWorkloadsTest::requestsAGpu);
            assertThat(toleratesGpuTaint(template.getSpec())).as(owner).isFalse();
        });
        assertThat(manifests.ofType(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(INFERENCE)).findFirst().orElseThrow().getData())
                .containsEntry("COLORCACHE_MODEL_PROVIDERS", "cpu");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyLongRunningContainerHasStartupLivenessAndReadinessProbes(String scenario) {
        RenderedManifests manifests = ChartFixture.render(scenario);
        List<PodTemplateSpec> longRunning = new ArrayList<>();
        manifests.ofType(Deployment.class).forEach(d -> longRunning.add(d.getSpec().getTemplate()));
        manifests.ofType(StatefulSet.class).forEach(s -> longRunning.add(s.getSpec().getTemplate()));
        assertThat(longRunning).isNotEmpty();
        for (PodTemplateSpec template : longRunning) {
            for (Container container : template.getSpec().getContainers()) {
                assertThat(container.getStartupProbe()).as(container.getName()).isNotNull();
                assertThat(container.getLivenessProbe()).as(container.getName()).isNotNull();
                assertThat(container.getReadinessProbe()).as(container.getName()).isNotNull();
            }
        }
        for (Deployment service : List.of(manifests.named(Deployment.class, GATEWAY),
                manifests.named(Deployment.class, INFERENCE))) {
            Container container = service.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
            assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            assertThat(List.of(container.getLivenessProbe(), container.getReadinessProbe(), container.getStartupProbe()))
                    .as("probes on the management port").allSatisfy(probe ->
                            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
            assertThat(container.getPorts()).anySatisfy(port -> {
                assertThat(port.getName()).isEqualTo("management");
                assertThat(port.getContainerPort()).isEqualTo(9000);
            });
        }
    }

    @Test
    void prometheusScrapesTheManagementPortOfEachService() {
        RenderedManifests manifests = ChartFixture.render("default-values.yaml");
        List<CustomResources.ServiceMonitor> monitors = manifests.ofType(CustomResources.ServiceMonitor.class);
        assertThat(monitors).hasSize(2);
        for (CustomResources.ServiceMonitor monitor : monitors) {
            assertThat(monitor.spec().endpoints()).singleElement().satisfies(endpoint -> {
                assertThat(endpoint.port()).isEqualTo("management");
                assertThat(endpoint.path()).isEqualTo("/q/metrics");
            });
            Service scraped = manifests.ofType(Service.class).stream()
                    .filter(service -> LabelSelectors.matches(monitor.spec().selector(), service.getMetadata().getLabels()))
                    .findFirst().orElseThrow();
            assertThat(scraped.getSpec().getPorts()).anySatisfy(port -> assertThat(port.getName()).isEqualTo("management"));
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theSharedSettingsAreRenderedOnceAndEveryServiceReadsThem(String scenario) {
        RenderedManifests manifests = ChartFixture.render(scenario);
        String shared = "colorcache-shared";
        assertThat(manifests.named(ConfigMap.class, shared).getData())
                .containsKeys("COLORCACHE_MODEL_ID", "COLORCACHE_MODEL_VERSION", "COLORCACHE_KEYS_PREFIX",
                        "COLORCACHE_INPUTS_MAX_BYTES", "COLORCACHE_FREQUENCY_LOOKBACK_DAYS",
                        "COLORCACHE_JOBS_DURABILITY_REPLICAS", "COLORCACHE_JOBS_DURABILITY_TIMEOUT");
        manifests.ofType(ConfigMap.class).stream().filter(c -> !c.getMetadata().getName().equals(shared))
                .forEach(c -> assertThat(c.getData()).as(c.getMetadata().getName())
                        .doesNotContainKeys("COLORCACHE_MODEL_ID", "COLORCACHE_KEYS_PREFIX", "COLORCACHE_INPUTS_QUEUED_TTL"));
        List<PodSpec> services = new ArrayList<>(List.of(
                manifests.named(Deployment.class, GATEWAY).getSpec().getTemplate().getSpec(),
                manifests.named(Deployment.class, INFERENCE).getSpec().getTemplate().getSpec()));
        manifests.ofType(CronJob.class).forEach(c -> services.add(c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
        for (PodSpec pod : services) {
            assertThat(pod.getContainers().get(0).getEnvFrom()).as(pod.getContainers().get(0).getName())
                    .anyMatch(from -> from.getConfigMapRef() != null && shared.equals(from.getConfigMapRef().getName()));
        }
    }

    @Test
    void theWorkerHasTimeToLoadItsModelAndToDrainOnShutdown() {
        RenderedManifests manifests = ChartFixture.render(ChartFixture.DEFAULTS);
        PodSpec inference = manifests.named(Deployment.class, INFERENCE).getSpec().getTemplate().getSpec();
        var startup = inference.getContainers().get(0).getStartupProbe();
        assertThat(startup.getFailureThreshold() * startup.getPeriodSeconds()).as("seconds to load the model")
                .isGreaterThanOrEqualTo(600);
        assertThat(manifests.named(ConfigMap.class, INFERENCE).getData())
                .containsEntry("COLORCACHE_WORKER_SHUTDOWN_GRACE", "25s");
        assertThat(inference.getTerminationGracePeriodSeconds()).isEqualTo(35L);
        assertThat(inference.getInitContainers()).extracting(Container::getName).containsExactly("fetch-model");
        assertThat(String.join(" ", inference.getInitContainers().get(0).getArgs())).contains("sha256sum -c");
    }

    @Test
    void aModelOnAVolumeClaimNeedsNoDownload() {
        PodSpec inference = ChartFixture.render("external-redis-values.yaml").named(Deployment.class, INFERENCE)
                .getSpec().getTemplate().getSpec();
        assertThat(inference.getInitContainers()).isNullOrEmpty();
        assertThat(inference.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("models");
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("ddcolor-models");
        });
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyImageNamesOneBuildAndEveryContainerHasResources(String scenario) {
        RenderedManifests manifests = ChartFixture.render(scenario);
        for (PodSpec pod : pods(manifests)) {
            for (Container container : allContainers(pod)) {
                String image = container.getImage();
                assertThat(image).as(container.getName()).matches(".+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$")
                        .doesNotEndWith(":latest");
                assertThat(container.getResources().getRequests()).as(container.getName() + " requests").isNotEmpty();
                assertThat(container.getResources().getLimits()).as(container.getName() + " limits")
                        .containsKey("memory");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyPodIsHardened(String scenario) {
        RenderedManifests manifests = ChartFixture.render(scenario);
        for (PodSpec pod : pods(manifests)) {
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            for (Container container : allContainers(pod)) {
                var security = container.getSecurityContext();
                assertThat(security.getAllowPrivilegeEscalation()).as(container.getName()).isFalse();
                assertThat(security.getReadOnlyRootFilesystem()).as(container.getName()).isTrue();
                assertThat(security.getCapabilities().getDrop()).as(container.getName()).containsExactly("ALL");
                assertThat(security.getPrivileged()).as(container.getName()).isNotEqualTo(Boolean.TRUE);
            }
        }
        assertThat(manifests.ofType(ServiceAccount.class)).isNotEmpty()
                .allSatisfy(sa -> assertThat(sa.getAutomountServiceAccountToken()).isFalse());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void selectorsNeverContainVersions(String scenario) {
        RenderedManifests manifests = ChartFixture.render(scenario);
        List<Map<String, String>> selectors = new ArrayList<>();
        manifests.ofType(Deployment.class).forEach(d -> selectors.add(d.getSpec().getSelector().getMatchLabels()));
        manifests.ofType(StatefulSet.class).forEach(s -> selectors.add(s.getSpec().getSelector().getMatchLabels()));
        manifests.ofType(Service.class).forEach(s -> selectors.add(s.getSpec().getSelector()));
        manifests.ofType(PodDisruptionBudget.class).forEach(p -> selectors.add(p.getSpec().getSelector().getMatchLabels()));
        manifests.ofType(NetworkPolicy.class)
                .forEach(n -> selectors.add(n.getSpec().getPodSelector().getMatchLabels()));
        assertThat(selectors).isNotEmpty().allSatisfy(selector -> assertThat(selector)
                .isNotEmpty()
                .doesNotContainKeys("app.kubernetes.io/version", "helm.sh/chart")
                .containsKeys("app.kubernetes.io/instance", "app.kubernetes.io/component"));
    }

    @Test
    void theWarmerRunsOnItsScheduleOneAtATimeWithinItsLimits() {
        CronJob warmer = ChartFixture.render(ChartFixture.DEFAULTS).named(CronJob.class, WARMER);
        assertThat(warmer.getSpec().getSchedule()).isEqualTo("17 3 * * *");
        assertThat(warmer.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertThat(warmer.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(3);
        assertThat(warmer.getSpec().getFailedJobsHistoryLimit()).isEqualTo(5);
        assertThat(warmer.getSpec().getJobTemplate().getSpec().getBackoffLimit()).isEqualTo(1);
        assertThat(warmer.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);
        assertThat(warmer.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getRestartPolicy())
                .isEqualTo("Never");

        CronJob demo = ChartFixture.render("cpu-only-values.yaml").named(CronJob.class, WARMER);
        assertThat(demo.getSpec().getSchedule()).isEqualTo("*/30 * * * *");
        assertThat(demo.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsExactly("--wait");
    }

    @Test
    void theBundledRedisNeverEvictsTheQueueAndKeepsItsPasswordsInSecrets() {
        RenderedManifests manifests = ChartFixture.render("default-values.yaml");
        StatefulSet redis = manifests.named(StatefulSet.class, REDIS);
        String command = String.join(" ", redis.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        assertThat(command).contains("--maxmemory 1gb").contains("--maxmemory-policy volatile-lru")
                .contains("--appendonly yes").contains("--aclfile /run/redis-acl/users.acl")
                .contains("user default on >%s ~* &* +@all").doesNotContain("--requirepass");
        assertThat(redis.getSpec().getVolumeClaimTemplates()).singleElement()
                .satisfies(claim -> assertThat(claim.getSpec().getResources().getRequests().get("storage"))
                        .isEqualTo(new Quantity("20Gi")));
        assertThat(manifests.named(Deployment.class, GATEWAY).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv()).anySatisfy(env -> {
                    assertThat(env.getName()).isEqualTo("QUARKUS_REDIS_PASSWORD");
                    assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("colorcache-redis-users");
                    assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("gateway");
                });
        Map<String, String> rules = manifests.named(ConfigMap.class, "colorcache-redis-acl").getData();
        assertThat(rules).containsOnlyKeys("gateway", "inference", "warmer", "lagReader");
        assertThat(rules.get("gateway")).startsWith("resetkeys ~cc:res:*").contains("-@all").doesNotContain("+@");
        assertThat(rules.get("lagReader")).contains("~cc:jobs ~cc:jobs:warm resetchannels -@all")
                .doesNotContain("+get").doesNotContain("+set");
    }

    @Test
    void anExternalRedisIsReachedOverTlsAsAUserPerComponentWithTheGivenSecrets() {
        RenderedManifests manifests = ChartFixture.render("external-redis-values.yaml");
        assertThat(manifests.ofType(StatefulSet.class)).isEmpty();
        assertThat(manifests.find(Secret.class, "colorcache-redis-auth")).isEmpty();
        assertThat(manifests.find(Secret.class, "colorcache-redis-users")).isEmpty();
        for (String component : List.of("gateway", "inference")) {
            Container container = manifests.named(Deployment.class, "colorcache-" + component).getSpec().getTemplate()
                    .getSpec().getContainers().get(0);
            assertThat(container.getEnv()).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("QUARKUS_REDIS_HOSTS");
                assertThat(env.getValue()).isEqualTo("rediss://photos-" + component + "@redis.data.svc.cluster.local:6380");
            });
            assertThat(container.getEnv()).anySatisfy(env -> {
                assertThat(env.getName()).isEqualTo("QUARKUS_REDIS_PASSWORD");
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("colorcache-redis-" + component);
                assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
            });
            assertThat(container.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath())
                    .isEqualTo("/etc/colorcache/redis-ca"));
        }
    }
}
