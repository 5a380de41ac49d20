# Create chat (content/chat/create-chat.yaml), English source text.
# Spec terms come in as variables: { $chat }, { $topic }, { $group }, { $oneOnOne },
# { $owner }, { $guest }, { $status }; they render as code and must stay variables.

title = Create chat
summary = Create a new { $chat } object.
note-one-on-one-unique = **Note:** Only one one-on-one chat can exist between two members. If a one-on-one chat already exists, this operation returns the existing chat and doesn't create a new one.
prop-topic = The title of the chat. The chat title can be provided only if the chat is of { $group } type.
prop-chatType = Specifies the type of chat. Possible values are: { $group } and { $oneOnOne }.
prop-members = List of conversation members that should be added. Every user who will participate in the chat, including the user who initiates the create request, must be specified in this list. Each member must be assigned a role of { $owner } or { $guest }. Guest tenant users must be assigned the { $guest } role. External users from outside the tenant must be assigned the { $owner } role.
response-summary = If successful, this method returns a { $status } response code and the newly created { $chat } resource in the response body.
example-one-on-one = Create a one-on-one chat
example-group = Create a group chat with three members
example-one-on-one-upn = Create a one-on-one chat using user principal name
example-group-with-guest = Create a group chat with a tenant guest user
example-one-on-one-federated = Create a one-on-one chat with a federated user (outside of own organization)
