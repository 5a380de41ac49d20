# Elementos comunes de todas las páginas de operaciones (español).
# Los términos de la especificación llegan como variables, p. ej. { $body-type }; no se traducen.

locale-name = Español
site-title = Referencia de la API
skip-to-content = Ir al contenido principal
language = Idioma
generated-by = Generado por polydoc a partir de una sola especificación para todos los idiomas.
index-intro = Las operaciones documentadas en esta referencia, por área.
namespace-label = Espacio de nombres:
permissions = Permisos
permissions-intro = Elija el permiso o los permisos marcados como con privilegios mínimos para esta API. Use un permiso o permisos con privilegios superiores solo si la aplicación lo requiere. Para obtener más información sobre los permisos delegados y de aplicación, consulte [Tipos de permisos](https://learn.microsoft.com/graph/permissions-overview#permission-types). Para obtener más información sobre estos permisos, consulte la [referencia de permisos](https://learn.microsoft.com/graph/permissions-reference).
permission-type = Tipo de permiso
permission-list = Permisos (de menos a más privilegiados)
permission-delegated-work = Delegado (cuenta profesional o educativa)
permission-delegated-personal = Delegado (cuenta personal de Microsoft)
permission-application = Aplicación
not-supported = No admitido.
http-request = Solicitud HTTP
request-headers = Encabezados de solicitud
header-name = Nombre
header-description = Descripción
required = Obligatorio.
request-body = Cuerpo de la solicitud
request-body-intro = En el cuerpo de la solicitud, proporcione una representación JSON del objeto { $body-type }.
request-body-table = En la tabla siguiente se enumeran las propiedades necesarias para crear el objeto { $body-type }.
no-request-body = No proporcione un cuerpo de solicitud para este método.
property = Propiedad
type = Tipo
description = Descripción
optional = (Opcional)
type-collection = Colección de { $type }
response = Respuesta
examples = Ejemplos
example-heading = Ejemplo { $number }: { $title }
request = Solicitud
response-example = Respuesta
response-truncated = **Nota:** Es posible que el objeto de respuesta que se muestra aquí se haya acortado para mejorar la legibilidad.
