# Seitenrahmen für alle Vorgangsseiten (Deutsch).
# Begriffe aus der Spezifikation kommen als Variablen, z. B. { $body-type }; nie übersetzen.

locale-name = Deutsch
site-title = API-Referenz
skip-to-content = Zum Hauptinhalt springen
language = Sprache
generated-by = Von polydoc aus einer Spezifikation für alle Sprachen erzeugt.
index-intro = Die in dieser Referenz beschriebenen Vorgänge, nach Bereich.
namespace-label = Namespace:
permissions = Berechtigungen
permissions-intro = Wählen Sie für diese API die Berechtigung oder die Berechtigungen mit den geringsten Rechten aus. Verwenden Sie Berechtigungen mit höheren Rechten nur, wenn Ihre App sie benötigt. Details zu delegierten Berechtigungen und Anwendungsberechtigungen finden Sie unter [Berechtigungstypen](https://learn.microsoft.com/graph/permissions-overview#permission-types). Mehr über diese Berechtigungen erfahren Sie in der [Berechtigungsreferenz](https://learn.microsoft.com/graph/permissions-reference).
permission-type = Berechtigungstyp
permission-list = Berechtigungen (von der geringsten zur höchsten)
permission-delegated-work = Delegiert (Geschäfts-, Schul- oder Unikonto)
permission-delegated-personal = Delegiert (persönliches Microsoft-Konto)
permission-application = Anwendung
not-supported = Nicht unterstützt.
http-request = HTTP-Anforderung
request-headers = Anforderungsheader
header-name = Name
header-description = Beschreibung
required = Erforderlich.
request-body = Anforderungstext
request-body-intro = { $kind ->
    [update] Geben Sie im Anforderungstext *nur* die Werte der Eigenschaften an, die Sie aktualisieren. Vorhandene Eigenschaften, die Sie nicht angeben, behalten ihre Werte. Das { $body-type }-Objekt ist unten beschrieben.
    [replace] Geben Sie im Anforderungstext eine JSON-Darstellung des { $body-type }-Objekts an, das das vorhandene ersetzt.
    [action] Geben Sie im Anforderungstext ein JSON-Objekt vom Typ { $body-type } mit den folgenden Parametern an.
   *[other] Geben Sie im Anforderungstext eine JSON-Darstellung des { $body-type }-Objekts an.
}
request-body-table = { $kind ->
    [create] In der folgenden Tabelle sind die Eigenschaften aufgeführt, die zum Erstellen des { $body-type }-Objekts erforderlich sind.
    [update] In der folgenden Tabelle sind die Eigenschaften von { $body-type } aufgeführt, die Sie aktualisieren können.
    [action] In der folgenden Tabelle sind die Parameter der Aktion aufgeführt.
   *[other] In der folgenden Tabelle sind die Eigenschaften des { $body-type }-Objekts aufgeführt.
}
no-request-body = Geben Sie für diese Methode keinen Anforderungstext an.
property = Eigenschaft
type = Typ
description = Beschreibung
optional = (Optional)
type-collection = { $type }-Sammlung
response = Antwort
examples = Beispiele
example-heading = Beispiel { $number }: { $title }
request = Anforderung
response-example = Antwort
response-truncated = **Hinweis:** Das hier gezeigte Antwortobjekt ist möglicherweise zur besseren Lesbarkeit gekürzt.
page-navigation = Vorheriger und nächster Vorgang
previous = Zurück:
next = Weiter:
copy-code = Kopieren
code-copied = Kopiert
copy-failed = Kopieren fehlgeschlagen
not-found-title = Seite nicht gefunden
not-found-text = Unter dieser Adresse gibt es keine Seite. Wählen Sie die Referenz in Ihrer Sprache:
# Suchfeld in der Kopfzeile (das Skript lädt bei der ersten Verwendung).
search-label = Diese Referenz durchsuchen
search-placeholder = Suchen
search-results = Gefundene Seiten:
search-no-results = Keine Seite entspricht Ihrer Suche.
search-unavailable = Die Suche ist hier nicht verfügbar: Die Website wurde ohne Suchindex erstellt oder vom Datenträger geöffnet.
request-body-media = Geben Sie im Anforderungstext den Inhalt als { $media-type } an.
optional-field = Optional.
path-parameters = Pfadparameter
query-parameters = Abfrageparameter
query-parameters-intro = Diese Methode unterstützt die folgenden OData-Abfrageparameter zum Anpassen der Antwort.
permission-least = Berechtigungen mit den geringsten Rechten
permission-higher = Berechtigungen mit höheren Rechten
not-available = Nicht verfügbar.
responses = Antworten
status = Status
response-body = Text
response-headers = Header
no-response-body = Kein Text.
response-default = { $body ->
    [none] Bei Erfolg gibt diese Methode den Antwortcode { $status } zurück. Im Antworttext wird nichts zurückgegeben.
    [collection] Bei Erfolg gibt diese Methode den Antwortcode { $status } und eine Sammlung von { $type }-Objekten im Antworttext zurück.
   *[other] { $kind ->
        [create] Bei Erfolg gibt diese Methode den Antwortcode { $status } und das neue { $type }-Objekt im Antworttext zurück.
        [update] Bei Erfolg gibt diese Methode den Antwortcode { $status } und das aktualisierte { $type }-Objekt im Antworttext zurück.
       *[other] Bei Erfolg gibt diese Methode den Antwortcode { $status } und ein { $type }-Objekt im Antworttext zurück.
    }
}
response-collection = Der Antworttext ist ein JSON-Objekt, dessen Eigenschaft { $value } die { $type }-Objekte enthält. Gibt es weitere Ergebnisse, enthält { $next-link } die URL der nächsten Seite.
error-responses = Fehlerantworten
error-responses-intro = Eine fehlgeschlagene Anforderung gibt einen der folgenden Statuscodes und im Antworttext ein JSON-Objekt mit der Eigenschaft { $error } zurück: { $code } ist ein maschinenlesbarer Fehlercode, { $message } erklärt Entwicklern den Fehler, und { $innerError } enthält Details wie die Anforderungs-ID.
status-400 = Die Anforderung ist fehlerhaft oder ungültig.
status-401 = Die Anforderung hat kein gültiges Zugriffstoken.
status-403 = Dem Aufrufer fehlen die für diese Anforderung erforderlichen Berechtigungen.
status-404 = Die angeforderte Ressource ist nicht vorhanden.
status-409 = Die Anforderung steht im Konflikt mit dem aktuellen Zustand der Ressource.
status-412 = Eine Vorbedingung der Anforderung, etwa das genannte ETag, ist nicht erfüllt.
status-429 = Zu viele Anforderungen: Warten Sie die in `Retry-After` angegebene Zeit und versuchen Sie es dann erneut.
status-500 = Im Dienst ist ein interner Fehler aufgetreten.
status-503 = Der Dienst ist vorübergehend nicht verfügbar: Versuchen Sie es später erneut.
status-other = Die Anforderung ist fehlgeschlagen.
see-also = Siehe auch
query-select = Wählt die zurückzugebenden Eigenschaften als kommagetrennte Liste aus.
query-filter = Filtert die Ergebnisse mit einem booleschen Ausdruck.
query-count = Auf `true` setzen, um die Gesamtzahl der Ergebnisse (`@odata.count`) in die Antwort aufzunehmen.
query-search = Beschränkt die Ergebnisse auf die, die einem Suchausdruck entsprechen.
query-top = Legt die Seitengröße der Ergebnisse fest.
query-skip = Überspringt die angegebene Anzahl von Ergebnissen.
query-expand = Nimmt verknüpfte Ressourcen in die Antwort auf.
query-orderby = Sortiert die Ergebnisse nach den angegebenen Eigenschaften.
header-consistencylevel = Auf `eventual` setzen, wenn die Anforderung `$search`, `$count` oder erweiterte `$filter`-Abfragen verwendet; solche Abfragen nutzen einen Index, der möglicherweise nicht aktuell ist.
header-prefer = Fordert vom Dienst ein Verhalten an, etwa `return=minimal`.
header-if-match = Das ETag, das die Ressource noch haben muss, damit die Anforderung gelingt.
header-location = Die URL der erstellten Ressource.
in-this-article = In diesem Artikel
link-to-section = Link zu diesem Abschnitt
link-copied = Link kopiert
site-navigation = Navigation der API-Referenz
overview = Übersicht
all-operations = Alle Vorgänge
breadcrumb = Navigationspfad
areas = Bereiche
operations = Vorgänge
pages = Seiten
types = Typen
type-index = Verzeichnis aller Typen
type-kind-enum = Enumerationstyp
type-kind-abstract = Abstrakter Typ: Ein Wert ist immer einer seiner abgeleiteten Typen.
type-kind-type = Strukturierter Typ
base-types = Basistypen
members = Elemente
properties = Eigenschaften
read-only = Schreibgeschützt
nullable = Kann null sein
allowed-values = Zulässige Werte:
inherited-from = Geerbt von
derived-types = Abgeleitete Typen
used-by = Verwendet von
used-by-none = Kein Vorgang dieser Referenz verwendet diesen Typ direkt.
untranslated = noch nicht übersetzt
coverage = { $percent } % der { $total } Meldungen sind aus dem aktuellen Englisch übersetzt; { $stale } Übersetzungen sind veraltet.
more-items = …und { $count } weitere.
choose-language = Sprache auswählen
