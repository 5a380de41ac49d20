old-page-title = Alte Seite
