{{/* Chart name, truncated to the 63 characters a label allows. */}}
{{- define "colorcache.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource name prefix: <release>-<chart>, or <release> when it already contains the chart name. */}}
{{- define "colorcache.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* A component's resource name: <fullname>-<component>. Call with (dict "root" $ "component" "gateway"). */}}
{{- define "colorcache.componentName" -}}
{{- printf "%s-%s" (include "colorcache.fullname" .root) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "colorcache.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels that select a component's pods: never versions, so selectors survive upgrades. */}}
{{- define "colorcache.selectorLabels" -}}
app.kubernetes.io/name: {{ include "colorcache.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* All labels of a component's resources. Call with (dict "root" $ "component" "gateway"). */}}
{{- define "colorcache.labels" -}}
helm.sh/chart: {{ include "colorcache.chart" .root }}
{{ include "colorcache.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: colorcache
{{- with .root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
An image reference: registry/repository:tag, or @digest. Call with
(dict "root" $ "image" .Values.gateway.image "service" true); service images default their
registry and tag to .Values.image. "latest" is refused: a tag must name one build.
*/}}
{{- define "colorcache.image" -}}
{{- $image := .image }}
{{- $repository := $image.repository }}
{{- if and .service (not (contains "/" $repository)) }}
{{- $repository = printf "%s/%s" .root.Values.image.registry $repository }}
{{- end }}
{{- if $image.digest }}
{{- printf "%s@%s" $repository $image.digest }}
{{- else }}
{{- $tag := $image.tag }}
{{- if and .service (not $tag) }}
{{- $tag = default .root.Chart.AppVersion .root.Values.image.tag }}
{{- end }}
{{- if or (not $tag) (eq (toString $tag) "latest") }}
{{- fail (printf "image %s: set a tag that names one build (not empty, not \"latest\") or a digest" $repository) }}
{{- end }}
{{- printf "%s:%s" $repository (toString $tag) }}
{{- end }}
{{- end }}

{{- define "colorcache.serviceAccountName" -}}
{{- if .root.Values.serviceAccount.create }}
{{- include "colorcache.componentName" . }}
{{- else }}
{{- "default" }}
{{- end }}
{{- end }}

{{/* Redis host and port the services connect to. */}}
{{- define "colorcache.redisHost" -}}
{{- if eq .Values.redis.mode "bundled" }}
{{- include "colorcache.componentName" (dict "root" . "component" "redis") }}
{{- else }}
{{- required "redis.external.host is required when redis.mode is external" .Values.redis.external.host }}
{{- end }}
{{- end }}

{{- define "colorcache.redisPort" -}}
{{- if eq .Values.redis.mode "bundled" }}6379{{ else }}{{ .Values.redis.external.port }}{{ end }}
{{- end }}

{{/* Host and port of the queue's Redis when it is apart (redis.queue.mode bundled or external). */}}
{{- define "colorcache.queueRedisHost" -}}
{{- if eq .Values.redis.queue.mode "bundled" }}
{{- include "colorcache.componentName" (dict "root" . "component" "redis-queue") }}
{{- else }}
{{- required "redis.queue.external.host is required when redis.queue.mode is external" .Values.redis.queue.external.host }}
{{- end }}
{{- end }}

{{- define "colorcache.queueRedisPort" -}}
{{- if eq .Values.redis.queue.mode "bundled" }}6379{{ else }}{{ .Values.redis.queue.external.port }}{{ end }}
{{- end }}

{{/* Where the job streams live, "host:port", for KEDA's redis-streams trigger. */}}
{{- define "colorcache.streamsAddress" -}}
{{- if eq .Values.redis.queue.mode "shared" }}
{{- printf "%s:%s" (include "colorcache.redisHost" .) (include "colorcache.redisPort" .) }}
{{- else }}
{{- printf "%s:%s" (include "colorcache.queueRedisHost" .) (include "colorcache.queueRedisPort" .) }}
{{- end }}
{{- end }}

{{- define "colorcache.redisUrl" -}}
{{- printf "%s://%s:%s" (ternary "rediss" "redis" .Values.redis.tls.enabled) (include "colorcache.redisHost" .) (include "colorcache.redisPort" .) }}
{{- end }}

{{/* The Secret holding the Redis password: the given one, or the chart's own. */}}
{{- define "colorcache.redisSecretName" -}}
{{- if .Values.redis.auth.existingSecret }}
{{- .Values.redis.auth.existingSecret }}
{{- else }}
{{- include "colorcache.componentName" (dict "root" . "component" "redis-auth") }}
{{- end }}
{{- end }}

{{/* The Secret and key holding a component's Redis ACL password: (dict "root" . "user" "gateway"). */}}
{{- define "colorcache.aclSecretName" -}}
{{- $user := index .root.Values.redis.acl.users .user }}
{{- default (include "colorcache.componentName" (dict "root" .root "component" "redis-users")) $user.existingSecret }}
{{- end }}

{{- define "colorcache.aclSecretKey" -}}
{{- $user := index .root.Values.redis.acl.users .user }}
{{- ternary $user.secretKey .user (ne $user.existingSecret "") }}
{{- end }}

{{/* The Secret holding the gateway's API key file: the given one, or the chart's own. */}}
{{- define "colorcache.apiKeysSecretName" -}}
{{- default (include "colorcache.componentName" (dict "root" . "component" "api-keys")) .Values.auth.existingSecret }}
{{- end }}

{{/* The sentinels as "host:port,host:port", refused when none is given. */}}
{{- define "colorcache.sentinelAddresses" -}}
{{- if empty .Values.redis.sentinel.hosts }}
{{- fail "redis.sentinel.hosts is required when redis.mode is sentinel: the sentinels' host:port" }}
{{- end }}
{{- join "," .Values.redis.sentinel.hosts }}
{{- end }}

{{/* The cluster's seed nodes as "host:port,host:port", refused when none is given or when acceptance should WAIT. */}}
{{- define "colorcache.clusterAddresses" -}}
{{- if empty .Values.redis.cluster.nodes }}
{{- fail "redis.cluster.nodes is required when redis.mode is cluster: some of the cluster's host:port" }}
{{- end }}
{{- if gt (int .Values.cache.jobDurability.replicas) 0 }}
{{- fail "cache.jobDurability.replicas must be 0 when redis.mode is cluster: a job's keys live on several shards and WAIT counts one shard's replicas (the services refuse to start)" }}
{{- end }}
{{- join "," .Values.redis.cluster.nodes }}
{{- end }}

{{/*
Environment of a service container, (dict "root" . "user" "gateway"): Redis address, its ACL
user (in each URL) and password, TLS.
*/}}
{{- define "colorcache.redisEnv" -}}
{{- $user := "" }}
{{- if .root.Values.redis.acl.enabled }}
{{- $user = printf "%s@" (index .root.Values.redis.acl.users .user).name }}
{{- end }}
{{- with .root }}
{{- $scheme := ternary "rediss" "redis" .Values.redis.tls.enabled }}
{{- if eq .Values.redis.mode "sentinel" }}
{{- $urls := list }}
{{- range splitList "," (include "colorcache.sentinelAddresses" .) }}{{ $urls = append $urls (printf "%s://%s%s" $scheme $user .) }}{{ end -}}
- name: QUARKUS_REDIS_CLIENT_TYPE
  value: sentinel
- name: QUARKUS_REDIS_HOSTS
  value: {{ join "," $urls | quote }}
- name: QUARKUS_REDIS_MASTER_NAME
  value: {{ .Values.redis.sentinel.masterName | quote }}
- name: QUARKUS_REDIS_ROLE
  value: master
{{- else if eq .Values.redis.mode "cluster" }}
{{- $urls := list }}
{{- range splitList "," (include "colorcache.clusterAddresses" .) }}{{ $urls = append $urls (printf "%s://%s%s" $scheme $user .) }}{{ end -}}
- name: QUARKUS_REDIS_CLIENT_TYPE
  value: cluster
- name: QUARKUS_REDIS_HOSTS
  value: {{ join "," $urls | quote }}
{{- else -}}
- name: QUARKUS_REDIS_HOSTS
  value: {{ printf "%s://%s%s:%s" $scheme $user (include "colorcache.redisHost" .) (include "colorcache.redisPort" .) | quote }}
{{- end }}
{{- if ne .Values.redis.queue.mode "shared" }}
{{- /* The queue client takes the password and TLS settings of the one above (service-common's defaults). */}}
- name: QUARKUS_REDIS_QUEUE_CLIENT_TYPE
  value: standalone
- name: QUARKUS_REDIS_QUEUE_HOSTS
  value: {{ printf "%s://%s%s:%s" $scheme $user (include "colorcache.queueRedisHost" .) (include "colorcache.queueRedisPort" .) | quote }}
{{- end }}
{{- if .Values.redis.acl.enabled }}
- name: QUARKUS_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "colorcache.aclSecretName" $ }}
      key: {{ include "colorcache.aclSecretKey" $ }}
{{- else if .Values.redis.auth.enabled }}
- name: QUARKUS_REDIS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "colorcache.redisSecretName" . }}
      key: {{ .Values.redis.auth.secretKey }}
{{- end }}
{{- if .Values.redis.tls.enabled }}
- name: QUARKUS_REDIS_TLS_CONFIGURATION_NAME
  value: redis
- name: QUARKUS_TLS_REDIS_TRUST_STORE_PEM_CERTS
  value: /etc/colorcache/redis-ca/{{ .Values.redis.tls.caKey }}
- name: QUARKUS_TLS_REDIS_HOSTNAME_VERIFICATION_ALGORITHM
  value: {{ ternary "HTTPS" "NONE" (ne .Values.redis.tls.verifyHostname false) | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/* Volume and mount of the Redis CA bundle, when TLS is on. */}}
{{- define "colorcache.redisTlsVolume" -}}
{{- if .Values.redis.tls.enabled }}
- name: redis-ca
  secret:
    secretName: {{ required "redis.tls.caSecret is required when redis.tls.enabled" .Values.redis.tls.caSecret }}
{{- end }}
{{- end }}

{{- define "colorcache.redisTlsMount" -}}
{{- if .Values.redis.tls.enabled }}
- name: redis-ca
  mountPath: /etc/colorcache/redis-ca
  readOnly: true
{{- end }}
{{- end }}

{{/* The model version in result keys: the first 12 hex digits of the file's SHA-256. */}}
{{- define "colorcache.modelVersion" -}}
{{- .Values.model.sha256 | trunc 12 }}
{{- end }}

{{/* Pod-level settings every service pod shares. */}}
{{- define "colorcache.podCommon" -}}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end }}

{{/* The three Quarkus health probes, on the management port (never routed by the Ingress). */}}
{{- define "colorcache.probes" -}}
startupProbe:
  httpGet:
    path: /q/health/started
    port: management
  periodSeconds: 5
  failureThreshold: {{ .startupFailures }}
livenessProbe:
  httpGet:
    path: /q/health/live
    port: management
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: management
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end }}

{{/* "true" when the workers scale with a KEDA ScaledObject: forced on, or "auto" and the cluster serves KEDA. */}}
{{- define "colorcache.useKeda" -}}
{{- $mode := toString .Values.inference.autoscaling.keda.enabled }}
{{- if and .Values.inference.autoscaling.enabled (or (eq $mode "true") (and (eq $mode "auto") (.Capabilities.APIVersions.Has "keda.sh/v1alpha1/ScaledObject"))) }}true{{ end }}
{{- end }}

{{/*
Egress rules every pod of the release needs: DNS, and Redis (the bundled ones by pod selector,
any other through networkPolicy.egress.redisTo on its ports).
*/}}
{{- define "colorcache.egressDnsAndRedis" -}}
{{- $egress := .Values.networkPolicy.egress }}
- to:
    {{- toYaml $egress.dnsTo | nindent 4 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- if or (eq .Values.redis.mode "bundled") (eq .Values.redis.queue.mode "bundled") }}
- to:
    {{- if eq .Values.redis.mode "bundled" }}
    - podSelector:
        matchLabels:
          {{- include "colorcache.selectorLabels" (dict "root" . "component" "redis") | nindent 10 }}
    {{- end }}
    {{- if eq .Values.redis.queue.mode "bundled" }}
    - podSelector:
        matchLabels:
          {{- include "colorcache.selectorLabels" (dict "root" . "component" "redis-queue") | nindent 10 }}
    {{- end }}
  ports:
    - port: 6379
      protocol: TCP
{{- end }}
{{- if or (ne .Values.redis.mode "bundled") (eq .Values.redis.queue.mode "external") }}
- ports:
    {{- range $egress.redisPorts }}
    - port: {{ . }}
      protocol: TCP
    {{- end }}
  {{- with $egress.redisTo }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}

{{/*
Peers for "public addresses only": every IPv4 and IPv6 address except loopback, private,
link-local, CGNAT, multicast and unique-local ranges, and the extra CIDRs given (list).
*/}}
{{- define "colorcache.publicAddresses" -}}
{{- $v4 := list "0.0.0.0/8" "10.0.0.0/8" "100.64.0.0/10" "127.0.0.0/8" "169.254.0.0/16" "172.16.0.0/12" "192.168.0.0/16" "224.0.0.0/4" "240.0.0.0/4" }}
{{- $v6 := list "::1/128" "fc00::/7" "fe80::/10" "ff00::/8" }}
{{- range . }}
{{- if contains ":" . }}
{{- $v6 = append $v6 (ternary . (printf "%s/128" .) (contains "/" .)) }}
{{- else }}
{{- $v4 = append $v4 (ternary . (printf "%s/32" .) (contains "/" .)) }}
{{- end }}
{{- end }}
- ipBlock:
    cidr: 0.0.0.0/0
    except:
      {{- toYaml $v4 | nindent 6 }}
- ipBlock:
    cidr: ::/0
    except:
      {{- toYaml $v6 | nindent 6 }}
{{- end }}

{{/*
Egress to the OTLP collector when tracing is on (gateway and workers): its peers, or any address,
on the endpoint's port (4317 when it names none).
*/}}
{{- define "colorcache.egressTracing" -}}
{{- if .Values.tracing.enabled }}
{{- $host := (urlParse .Values.tracing.otlpEndpoint).host }}
{{- $port := ternary (last (splitList ":" $host)) "4317" (contains ":" $host) }}
# Traces to the OTLP collector.
- ports:
    - port: {{ $port | int }}
      protocol: TCP
  {{- with .Values.networkPolicy.egress.otlpTo }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end }}
