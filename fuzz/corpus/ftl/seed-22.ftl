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
request-body-intro = Geben Sie im Anforderungstext eine JSON-Darstellung des { $body-type }-Objekts an ({ $format }).
request-body-table = In der folgenden Tabelle sind die Eigenschaften aufgeführt, die zum Erstellen des { $body-type }-Objekts erforderlich sind.
no-request-body = Geben Sie für diese Methode keinen Anforderungstext an.
property = Eigenschaft
type = Typ
description = Beschreibung
optional = (Optional)
type-collection = { $type }-Sammlung
response = Antwort
examples = Beispiele
example-heading = { $number ->
    [one] Erstes Beispiel
   *[other] Beispiel { $number }: { $title }
}
request = Anforderung
response-example = Antwort
response-truncated = **Hinweis:** Das hier gezeigte Antwortobjekt ist möglicherweise zur besseren Lesbarkeit gekürzt.
page-navigation = Vorheriger und nächster Vorgang
previous = Zurück:
next = Weiter:
