# Crear chat (content/chat/create-chat.yaml), español.
# Las variables como { $group } u { $owner } son términos de la especificación: no se traducen
# ni se cambian de sitio; la frase se construye alrededor de ellas.

title = Crear chat
summary = Cree un nuevo objeto { $chat }.
note-one-on-one-unique = **Nota:** Solo puede existir un chat uno a uno entre dos miembros; su id termina con `@unq.gbl.spaces` o `@thread.v2`.
prop-topic = El título del chat. Solo se puede proporcionar un título si el chat es de tipo { $group }.
prop-chatType = Especifica el tipo de chat. Los valores posibles son: { $group } y { $oneOnOne }.
prop-members = Lista de miembros de la conversación que se deben agregar. Todos los usuarios que participarán en el chat, incluido el usuario que inicia la solicitud de creación, deben especificarse en esta lista. A cada miembro se le debe asignar el rol { $owner } o { $guest }. A los usuarios invitados del inquilino se les debe asignar el rol { $guest }. A los usuarios externos de fuera del inquilino se les debe asignar el rol { $owner }.
response-summary = Si se ejecuta correctamente, este método devuelve un código de respuesta { $status } y el recurso { $chat } recién creado en el cuerpo de la respuesta.
example-one-on-one = Crear un chat uno a uno
example-group = Crear un chat de grupo
example-one-on-one-upn = Crear un chat uno a uno con el nombre principal de usuario
example-group-with-guest = Crear un chat de grupo con un usuario invitado del inquilino
example-one-on-one-federated = Crear un chat uno a uno con un usuario federado (fuera de la propia organización)
