{{/* Chart name, overridable. */}}
{{- define "leadrouter.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart unless the release already contains the chart name; 63 characters at most. */}}
{{- define "leadrouter.fullname" -}}
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

{{- define "leadrouter.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Common labels. */}}
{{- define "leadrouter.labels" -}}
helm.sh/chart: {{ include "leadrouter.chart" . }}
{{ include "leadrouter.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: leadrouter
{{- end }}

{{/* Selector labels. */}}
{{- define "leadrouter.selectorLabels" -}}
app.kubernetes.io/name: {{ include "leadrouter.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "leadrouter.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "leadrouter.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The image reference: repository@digest, else repository:tag (tag defaults to appVersion). */}}
{{- define "leadrouter.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/* The Secret holding the admin token, and its key. */}}
{{- define "leadrouter.adminTokenSecret" -}}
{{- .Values.adminToken.existingSecret | default (printf "%s-admin" (include "leadrouter.fullname" .)) }}
{{- end }}
{{- define "leadrouter.adminTokenKey" -}}
{{- if .Values.adminToken.existingSecret }}{{ .Values.adminToken.key }}{{ else }}admin-token{{ end }}
{{- end }}

{{/* Route files: the chart's copy of the repository's routes/, with routes.files merged over it. */}}
{{- define "leadrouter.routeFiles" -}}
{{- $files := dict }}
{{- range $path, $_ := .Files.Glob "files/routes/*.camel.yaml" }}
{{- $_ := set $files (base $path) ($.Files.Get $path) }}
{{- end }}
{{- range $name, $content := .Values.routes.files }}
{{- $_ := set $files $name $content }}
{{- end }}
{{- toYaml $files }}
{{- end }}

{{/* Mapping files: the repository's mappings/, with mappings.files merged over it. */}}
{{- define "leadrouter.mappingFiles" -}}
{{- $files := dict }}
{{- range $path, $_ := .Files.Glob "files/mappings/*.mapping.yaml" }}
{{- $_ := set $files (base $path) ($.Files.Get $path) }}
{{- end }}
{{- range $name, $content := .Values.mappings.files }}
{{- $_ := set $files $name $content }}
{{- end }}
{{- toYaml $files }}
{{- end }}

{{/* The distribution policy: policy.distribution, else the repository's policy/distribution.yaml. */}}
{{- define "leadrouter.policyFiles" -}}
{{- $files := dict "distribution.yaml" (.Values.policy.distribution | default (.Files.Get "files/policy/distribution.yaml")) }}
{{- toYaml $files }}
{{- end }}

{{/* Secrets mounted as Spring config trees (file name = property name). */}}
{{- define "leadrouter.configTrees" -}}
{{- $trees := list }}
{{- if .Values.crm.salesforce.existingSecret }}{{ $trees = append $trees (dict "name" "crm-salesforce" "secret" .Values.crm.salesforce.existingSecret) }}{{ end }}
{{- if .Values.crm.hubspot.existingSecret }}{{ $trees = append $trees (dict "name" "crm-hubspot" "secret" .Values.crm.hubspot.existingSecret) }}{{ end }}
{{- if .Values.sources.existingSecret }}{{ $trees = append $trees (dict "name" "sources" "secret" .Values.sources.existingSecret) }}{{ end }}
{{- toJson $trees }}
{{- end }}

{{/* Refuses combinations that would half-run: replicas over an embedded database, PostgreSQL without a password. */}}
{{- define "leadrouter.validate" -}}
{{- if not .Values.database.url }}
{{- if or (gt (int .Values.replicaCount) 1) .Values.autoscaling.enabled }}
{{- fail "database.url: more than one replica (replicaCount > 1 or autoscaling.enabled) needs PostgreSQL; set database.url and database.existingSecret" }}
{{- end }}
{{- else if not .Values.database.existingSecret }}
{{- fail "database.existingSecret: database.url is set, so name the Secret holding the database password" }}
{{- end }}
{{- if and .Values.autoscaling.enabled (lt (int .Values.autoscaling.maxReplicas) (int .Values.autoscaling.minReplicas)) }}
{{- fail "autoscaling.maxReplicas must be at least autoscaling.minReplicas" }}
{{- end }}
{{- end }}
