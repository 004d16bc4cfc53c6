/**
 * Hearth's own text for Alertmanager's default notification templates. The names and the
 * output are Alertmanager's (default.tmpl, 0.25, plus msteams from 0.26), so a user's
 * alertmanager.yml that refers to them, or overrides some, gets what Alertmanager would send;
 * the text is written afresh. Receivers' default configs name these templates.
 *
 * email.default.text is Hearth's: Alertmanager has no plain-text e-mail default.
 * TODO: email.default.html (Alertmanager's HTML e-mail) comes with the e-mail receiver.
 */

const defs: [name: string, body: string][] = [
  ['__alertmanager', 'Alertmanager'],
  ['__alertmanagerURL', '{{ .ExternalURL }}/#/alerts?receiver={{ urlquery .Receiver }}'],
  [
    '__subject',
    '[{{ toUpper .Status }}{{ if eq .Status "firing" }}:{{ len .Alerts.Firing }}{{ end }}] ' +
      '{{ join " " .GroupLabels.SortedPairs.Values }} ' +
      '{{ if gt (len .CommonLabels) (len .GroupLabels) }}({{ with .CommonLabels.Remove .GroupLabels.Names }}{{ join " " .Values }}{{ end }}){{ end }}',
  ],
  ['__description', ''],
  [
    '__text_alert_list',
    '{{ range . }}{{ "Labels:\\n" }}{{ range .Labels.SortedPairs }}{{ printf " - %s = %s\\n" .Name .Value }}{{ end }}' +
      '{{ "Annotations:\\n" }}{{ range .Annotations.SortedPairs }}{{ printf " - %s = %s\\n" .Name .Value }}{{ end }}' +
      '{{ printf "Source: %s\\n" .GeneratorURL }}{{ end }}',
  ],
  [
    '__text_alert_list_markdown',
    '{{ range . }}{{ "\\nLabels:\\n" }}{{ range .Labels.SortedPairs }}{{ printf "  - %s = %s\\n" .Name .Value }}{{ end }}' +
      '{{ "\\nAnnotations:\\n" }}{{ range .Annotations.SortedPairs }}{{ printf "  - %s = %s\\n" .Name .Value }}{{ end }}' +
      '{{ printf "\\nSource: %s\\n" .GeneratorURL }}{{ end }}{{ "\\n" }}',
  ],
  // The firing and resolved sections most chat receivers end with; `.` is the whole data.
  [
    '__hearth_sections',
    '{{ with .Alerts.Firing }}{{ "\\nAlerts Firing:\\n" }}{{ template "__text_alert_list" . }}{{ "\\n" }}{{ end }}{{ "\\n" }}' +
      '{{ with .Alerts.Resolved }}{{ "\\nAlerts Resolved:\\n" }}{{ template "__text_alert_list" . }}{{ "\\n" }}{{ end }}{{ "\\n" }}',
  ],
  ['__hearth_annotations_and_sections', '{{ join " " .CommonAnnotations.SortedPairs.Values }}{{ "\\n" }}{{ template "__hearth_sections" . }}'],

  ['slack.default.title', '{{ template "__subject" . }}'],
  ['slack.default.username', '{{ template "__alertmanager" . }}'],
  ['slack.default.fallback', '{{ template "slack.default.title" . }} | {{ template "slack.default.titlelink" . }}'],
  ['slack.default.callbackid', ''],
  ['slack.default.pretext', ''],
  ['slack.default.titlelink', '{{ template "__alertmanagerURL" . }}'],
  ['slack.default.iconemoji', ''],
  ['slack.default.iconurl', ''],
  ['slack.default.text', ''],
  ['slack.default.footer', ''],

  ['pushover.default.title', '{{ template "__subject" . }}'],
  ['pushover.default.message', '{{ template "__hearth_annotations_and_sections" . }}'],
  ['pushover.default.url', '{{ template "__alertmanagerURL" . }}'],

  ['telegram.default.message', '{{ "\\n" }}{{ template "__hearth_sections" . }}'],

  ['discord.default.title', '{{ template "__subject" . }}'],
  ['discord.default.message', '{{ "\\n" }}{{ template "__hearth_sections" . }}'],

  ['msteams.default.summary', '{{ template "__subject" . }}'],
  ['msteams.default.title', '{{ template "__subject" . }}'],
  [
    'msteams.default.text',
    '{{ "\\n" }}{{ with .Alerts.Firing }}{{ "\\n# Alerts Firing:\\n" }}{{ template "__text_alert_list_markdown" . }}{{ "\\n" }}{{ end }}{{ "\\n" }}' +
      '{{ with .Alerts.Resolved }}{{ "\\n# Alerts Resolved:\\n" }}{{ template "__text_alert_list_markdown" . }}{{ "\\n" }}{{ end }}{{ "\\n" }}',
  ],

  // Hearth's receivers beyond Alertmanager, in the same style.
  ['ntfy.default.title', '{{ template "__subject" . }}'],
  ['ntfy.default.message', '{{ template "__hearth_annotations_and_sections" . }}'],
  ['ntfy.default.click', '{{ template "__alertmanagerURL" . }}'],
  ['gotify.default.title', '{{ template "__subject" . }}'],
  ['gotify.default.message', '{{ template "__hearth_annotations_and_sections" . }}'],
  ['matrix.default.message', '{{ template "__subject" . }}{{ "\\n" }}{{ template "__hearth_sections" . }}'],

  ['email.default.subject', '{{ template "__subject" . }}'],
  [
    'email.default.text',
    '{{ len .Alerts }} alert{{ if gt (len .Alerts) 1 }}s{{ end }} for{{ range .GroupLabels.SortedPairs }} {{ .Name }}={{ .Value }}{{ end }}{{ "\\n\\n" }}' +
      'View in {{ template "__alertmanager" . }}: {{ template "__alertmanagerURL" . }}{{ "\\n" }}' +
      '{{ with .Alerts.Firing }}{{ printf "\\n[%d] Firing\\n" (len .) }}{{ template "__text_alert_list" . }}{{ end }}' +
      '{{ with .Alerts.Resolved }}{{ printf "\\n[%d] Resolved\\n" (len .) }}{{ template "__text_alert_list" . }}{{ end }}' +
      '{{ "\\n" }}Sent by {{ template "__alertmanager" . }} ({{ .ExternalURL }}){{ "\\n" }}',
  ],
];

/** The default templates as one template file's text. */
export const DEFAULT_TEMPLATES = defs.map(([name, body]) => `{{ define "${name}" }}${body}{{ end }}`).join('');

export const DEFAULT_TEMPLATE_NAMES: readonly string[] = defs.map(([name]) => name);
