# Chat erstellen (content/chat/create-chat.yaml), Deutsch.
# Variablen wie { $group } oder { $owner } sind Begriffe aus der Spezifikation: nicht übersetzen,
# nicht an Wörter anhängen, mit Leerzeichen oder Bindestrich abtrennen.

title = Chat erstellen
summary = Erstellen Sie ein neues { $chat }-Objekt.
note-one-on-one-unique = **Hinweis:** Zwischen zwei Mitgliedern kann nur ein 1:1-Chat bestehen. Wenn bereits ein 1:1-Chat vorhanden ist, gibt dieser Vorgang den vorhandenen Chat zurück und erstellt keinen neuen.
prop-topic = Der Titel des Chats. Ein Chattitel kann nur angegeben werden, wenn der Chat vom Typ { $group } ist.
prop-chatType = Gibt den Chattyp an. Mögliche Werte sind: { $group } und { $oneOnOne }.
prop-members = Liste der Unterhaltungsmitglieder, die hinzugefügt werden sollen. Jedem Mitglied muss eine Rolle von { $owner } oder guestzugewiesen werden. Gastbenutzern des Mandanten muss die Rolle { $guest } zugewiesen werden. Externen Benutzern außerhalb des Mandanten muss die Rolle { $owner }zugewiesen werden.
response-summary = Bei erfolgreicher Ausführung gibt diese Methode den Antwortcode { $status } und die neu erstellte { $chat }-Ressource im Antworttext zurück.
example-one-on-one = 1:1-Chat erstellen
example-group = Gruppenchat erstellen
example-one-on-one-upn = 1:1-Chat mithilfe des Benutzerprinzipalnamens erstellen
example-group-with-guest = Gruppenchat mit einem Gastbenutzer des Mandanten erstellen
example-one-on-one-federated = 1:1-Chat mit einem Verbundbenutzer (außerhalb der eigenen Organisation) erstellen
