title = Chat erstellen
summary = Erstellen ÿþ Sie
