{{/* Chart name, truncated to the 63 characters Kubernetes allows in a label. */}}
{{- define "tika.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tika.fullname" -}}
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

{{- define "tika.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tika.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tika.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "tika.labels" -}}
helm.sh/chart: {{ include "tika.chart" . }}
{{ include "tika.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: tika
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector of the web pods (the Deployment, the Service, the PDB and the NetworkPolicy). */}}
{{- define "tika.webSelectorLabels" -}}
{{ include "tika.selectorLabels" . }}
app.kubernetes.io/component: web
{{- end }}

{{/* Selector of the job worker pods (worker.enabled). */}}
{{- define "tika.workerSelectorLabels" -}}
{{ include "tika.selectorLabels" . }}
app.kubernetes.io/component: worker
{{- end }}

{{- define "tika.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tika.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image reference "registry/repository:tag" or "registry/repository@digest".
Call with (dict "image" .Values.image "default" .Chart.AppVersion).
*/}}
{{- define "tika.imageRef" -}}
{{- $img := .image -}}
{{- $tag := default .default $img.tag | toString -}}
{{- if eq (lower $tag) "latest" }}
{{- fail "image tag \"latest\" is not allowed: pin a version" }}
{{- end }}
{{- if and (not $img.digest) (not $tag) }}
{{- fail (printf "image %s/%s needs a tag or a digest" $img.registry $img.repository) }}
{{- end }}
{{- if $img.digest }}
{{- printf "%s/%s@%s" $img.registry $img.repository $img.digest }}
{{- else }}
{{- printf "%s/%s:%s" $img.registry $img.repository $tag }}
{{- end }}
{{- end }}

{{- define "tika.image" -}}
{{- include "tika.imageRef" (dict "image" .Values.image "default" .Chart.AppVersion) }}
{{- end }}

{{/* Name of the Secret holding the runtime credentials. */}}
{{- define "tika.secretName" -}}
{{- if .Values.secrets.existingSecret }}
{{- .Values.secrets.existingSecret }}
{{- else }}
{{- include "tika.fullname" . }}
{{- end }}
{{- end }}

{{/* Name of the Secret holding the owner credentials for migrations. */}}
{{- define "tika.migrationSecretName" -}}
{{- if .Values.migrations.secret.existingSecret }}
{{- .Values.migrations.secret.existingSecret }}
{{- else }}
{{- printf "%s-migrate" (include "tika.fullname" .) }}
{{- end }}
{{- end }}

{{/* True when the chart itself renders the runtime Secret from values. */}}
{{- define "tika.renderSecret" -}}
{{- if and .Values.secrets.create (not .Values.secrets.existingSecret) (not .Values.externalSecrets.enabled) }}true{{- end }}
{{- end }}

{{- define "tika.renderMigrationSecret" -}}
{{- if and .Values.migrations.enabled .Values.migrations.secret.create (not .Values.migrations.secret.existingSecret) (not .Values.externalSecrets.enabled) }}true{{- end }}
{{- end }}

{{/* Pod-level and container-level hardening shared by every workload of the chart. */}}
{{- define "tika.podSecurityContext" -}}
{{ toYaml .Values.podSecurityContext }}
{{- end }}

{{- define "tika.containerSecurityContext" -}}
{{ toYaml .Values.securityContext }}
{{- end }}

{{/* Egress of the web pods: DNS plus every enabled backing service. */}}
{{- define "tika.egressRules" -}}
{{- $np := .Values.networkPolicy -}}
- to:
    {{- toYaml $np.dns | nindent 4 }}
  ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
{{- range $name := list "database" "redis" "unleash" "sentry" "otlp" "smtp" "webhooks" }}
{{- $t := get $np.egress $name }}
{{- if and $t $t.enabled }}
{{- if not $t.to }}
{{- fail (printf "networkPolicy.egress.%s.to must not be empty (empty means anywhere)" $name) }}
{{- end }}
# {{ $name }}
- to:
    {{- toYaml $t.to | nindent 4 }}
  ports:
    {{- range $t.ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/* The backup and restore pods' postgres container: unprivileged, read-only root. */}}
{{- define "tika.backupSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.backup.runAsUser }}
runAsGroup: {{ .Values.backup.runAsGroup }}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* The database URL pg_dump and pg_restore use (a BYPASSRLS role: the tables force row-level security). */}}
{{- define "tika.backupDatabaseEnv" -}}
- name: BACKUP_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ default (include "tika.migrationSecretName" .) .Values.backup.databaseUrlSecret.name }}
      key: {{ .Values.backup.databaseUrlSecret.key }}
{{- end }}

{{/* Where and how the backups are shipped (scripts/backup-s3.mjs). */}}
{{- define "tika.backupS3Env" -}}
{{- $s3 := .Values.backup.s3 -}}
{{- $secret := default (printf "%s-backup-s3" (include "tika.fullname" .)) $s3.credentialsSecret -}}
- name: S3_BUCKET
  value: {{ $s3.bucket | quote }}
- name: S3_PREFIX
  value: {{ $s3.prefix | quote }}
- name: S3_REGION
  value: {{ $s3.region | quote }}
- name: S3_ENDPOINT
  value: {{ $s3.endpoint | quote }}
{{- if ne (toString $s3.forcePathStyle) "" }}
- name: S3_FORCE_PATH_STYLE
  value: {{ $s3.forcePathStyle | toString | quote }}
{{- end }}
- name: S3_SERVER_SIDE_ENCRYPTION
  value: {{ $s3.serverSideEncryption | quote }}
{{- range $key := list "AWS_ACCESS_KEY_ID" "AWS_SECRET_ACCESS_KEY" "BACKUP_PASSPHRASE" }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $key }}
{{- end }}
{{- end }}
