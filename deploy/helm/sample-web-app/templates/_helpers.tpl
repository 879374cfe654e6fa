{{/* Names and labels. */}}
{{- define "sample-web-app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "sample-web-app.fullname" -}}
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

{{- define "sample-web-app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sample-web-app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "sample-web-app.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "sample-web-app.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "sample-web-app.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sample-web-app.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* repository@digest when a digest is set (the tag is then ignored), else repository:tag. */}}
{{- define "sample-web-app.appImage" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The image slipway runs from: the app image, or the dedicated migration image. */}}
{{- define "sample-web-app.migrationImage" -}}
{{- if .Values.migration.useAppImage }}
{{- include "sample-web-app.appImage" . }}
{{- else if .Values.migration.image.digest }}
{{- printf "%s@%s" .Values.migration.image.repository .Values.migration.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.migration.image.repository (default (default .Chart.AppVersion .Values.image.tag) .Values.migration.image.tag) }}
{{- end }}
{{- end }}

{{- define "sample-web-app.migrationPullPolicy" -}}
{{- if .Values.migration.useAppImage }}{{ .Values.image.pullPolicy }}{{ else }}{{ .Values.migration.image.pullPolicy }}{{ end }}
{{- end }}

{{- define "sample-web-app.migrationSecretName" -}}
{{- if .Values.migration.createSecret.enabled }}
{{- default (printf "%s-migration" (include "sample-web-app.fullname" .)) .Values.migration.database.secretName }}
{{- else }}
{{- default .Values.database.secretName .Values.migration.database.secretName }}
{{- end }}
{{- end }}

{{- define "sample-web-app.migrationSecretKey" -}}
{{- default .Values.database.secretKey .Values.migration.database.secretKey }}
{{- end }}

{{/*
One slipway container. Call with (dict "root" $ "name" "db-migrate" "args" (list "migrate")); migration.extraArgs
follow args unless the dict has its own "extraArgs".
The same container runs as init container (dev) and in every hook Job (prod), so both behave alike.
*/}}
{{- define "sample-web-app.migrationContainer" -}}
{{- $root := .root }}
{{- $v := $root.Values.migration -}}
- name: {{ .name }}
  image: {{ include "sample-web-app.migrationImage" $root | quote }}
  imagePullPolicy: {{ include "sample-web-app.migrationPullPolicy" $root }}
  command: ["slipway"]
  args:
    {{- toYaml (concat .args (ternary .extraArgs $v.extraArgs (hasKey . "extraArgs"))) | nindent 4 }}
  env:
    - name: DATABASE_URL
      valueFrom:
        secretKeyRef:
          name: {{ required "migration.database.secretName or database.secretName is required" (include "sample-web-app.migrationSecretName" $root) }}
          key: {{ required "migration.database.secretKey or database.secretKey is required" (include "sample-web-app.migrationSecretKey" $root) }}
    - name: SLIPWAY_MIGRATIONS
      value: {{ $v.migrationsPath | quote }}
    - name: SLIPWAY_WAIT
      value: {{ $v.wait | quote }}
    - name: SLIPWAY_LOCK_WAIT
      value: {{ $v.lockWait | quote }}
    - name: SLIPWAY_LOCK_TIMEOUT
      value: {{ $v.lockTimeout | quote }}
    - name: SLIPWAY_LOG_FORMAT
      value: {{ $v.logFormat | quote }}
    - name: SLIPWAY_APP_VERSION
      value: {{ default $root.Chart.AppVersion $root.Values.image.tag | quote }}
    {{- with $v.env }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    {{- with .env }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- with $v.envFrom }}
  envFrom:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml $root.Values.securityContext | nindent 4 }}
  resources:
    {{- toYaml $v.resources | nindent 4 }}
  volumeMounts:
    # The root filesystem is read-only: a writable /tmp for the runtime and pg_dump.
    - name: migration-tmp
      mountPath: /tmp
    {{- with $v.extraVolumeMounts }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    {{- with .volumeMounts }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}

{{/* The volumes the migration container mounts, for the pod that runs it. Call with the root context. */}}
{{- define "sample-web-app.migrationVolumes" -}}
- name: migration-tmp
  emptyDir:
    sizeLimit: 64Mi
{{- with .Values.migration.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* A slipway duration (500ms, 60s, 5min, 1h; a bare number is seconds) in seconds. */}}
{{- define "sample-web-app.seconds" -}}
{{- $text := toString . }}
{{- $number := regexFind "^[0-9]+(\\.[0-9]+)?" $text }}
{{- $unit := trimPrefix $number $text }}
{{- mulf (float64 $number) (get (dict "" 1 "s" 1 "sec" 1 "ms" 0.001 "m" 60 "min" 60 "h" 3600) $unit) }}
{{- end }}

{{/* Pod spec of a migration hook Job. Call with (dict "root" $ "name" "migrate" "args" (list ...)). */}}
{{- define "sample-web-app.migrationJobSpec" -}}
{{- $root := .root }}
{{- $job := $root.Values.migration.job -}}
{{- $waits := addf (include "sample-web-app.seconds" $root.Values.migration.wait) (include "sample-web-app.seconds" $root.Values.migration.lockWait) }}
{{- if ge $waits (float64 $job.activeDeadlineSeconds) }}
{{- fail (printf "migration.job.activeDeadlineSeconds (%v) must be longer than migration.wait (%v) + migration.lockWait (%v): a Job that waits that long for the database and the lock has no time left to migrate. Raise it, and helm's --timeout with it (docs/kubernetes.md, Deadlines)" $job.activeDeadlineSeconds $root.Values.migration.wait $root.Values.migration.lockWait) }}
{{- end }}
backoffLimit: {{ $job.backoffLimit }}
activeDeadlineSeconds: {{ $job.activeDeadlineSeconds }}
ttlSecondsAfterFinished: {{ $job.ttlSecondsAfterFinished }}
template:
  metadata:
    {{- with $job.podAnnotations }}
    annotations:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    labels:
      {{- include "sample-web-app.selectorLabels" $root | nindent 6 }}
      app.kubernetes.io/component: migration
      {{- with $job.podLabels }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
  spec:
    restartPolicy: Never
    {{- with $job.priorityClassName }}
    priorityClassName: {{ . }}
    {{- end }}
    {{- with $root.Values.migration.serviceAccountName }}
    serviceAccountName: {{ . }}
    {{- end }}
    automountServiceAccountToken: false
    {{- with $root.Values.imagePullSecrets }}
    imagePullSecrets:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    securityContext:
      {{- toYaml $root.Values.podSecurityContext | nindent 6 }}
    containers:
      {{- include "sample-web-app.migrationContainer" . | nindent 6 }}
    volumes:
      {{- include "sample-web-app.migrationVolumes" $root | nindent 6 }}
    {{- with $job.affinity }}
    affinity:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with $root.Values.nodeSelector }}
    nodeSelector:
      {{- toYaml . | nindent 6 }}
    {{- end }}
    {{- with $root.Values.tolerations }}
    tolerations:
      {{- toYaml . | nindent 6 }}
    {{- end }}
{{- end }}

{{/* Hook annotations; Argo CD's own when migration.argocd.enabled. Call with (dict "root" $ "hook" "..." "weight" N "argo" "PreSync"). */}}
{{- define "sample-web-app.hookAnnotations" -}}
"helm.sh/hook": {{ .hook }}
"helm.sh/hook-weight": {{ .weight | toString | quote }}
"helm.sh/hook-delete-policy": before-hook-creation,hook-succeeded
{{- if .root.Values.migration.argocd.enabled }}
"argocd.argoproj.io/hook": {{ .argo }}
"argocd.argoproj.io/hook-delete-policy": BeforeHookCreation,HookSucceeded
"argocd.argoproj.io/sync-wave": {{ .weight | toString | quote }}
{{- end }}
{{- end }}
