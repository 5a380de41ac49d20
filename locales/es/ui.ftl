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
request-body-intro = { $kind ->
    [update] En el cuerpo de la solicitud, proporcione *solo* los valores de las propiedades que actualiza. Las propiedades existentes que no incluya conservan sus valores. El objeto { $body-type } se describe a continuación.
    [replace] En el cuerpo de la solicitud, proporcione una representación JSON del objeto { $body-type } que reemplaza al existente.
    [action] En el cuerpo de la solicitud, proporcione un objeto JSON de tipo { $body-type } con los siguientes parámetros.
   *[other] En el cuerpo de la solicitud, proporcione una representación JSON del objeto { $body-type }.
}
request-body-table = { $kind ->
    [create] En la tabla siguiente se enumeran las propiedades necesarias para crear el objeto { $body-type }.
    [update] En la tabla siguiente se enumeran las propiedades de { $body-type } que puede actualizar.
    [action] En la tabla siguiente se enumeran los parámetros de la acción.
   *[other] En la tabla siguiente se enumeran las propiedades del objeto { $body-type }.
}
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
page-navigation = Operación anterior y siguiente
previous = Anterior:
next = Siguiente:
copy-code = Copiar
code-copied = Copiado
copy-failed = No se pudo copiar
not-found-title = Página no encontrada
not-found-text = No hay ninguna página en esta dirección. Elija la referencia en su idioma:
# Cuadro de búsqueda del encabezado (su script se carga con el primer uso).
search-label = Buscar en esta referencia
search-placeholder = Buscar
search-results = Páginas encontradas:
search-no-results = Ninguna página coincide con la búsqueda.
search-unavailable = La búsqueda no está disponible aquí: el sitio se generó sin su índice o se abrió desde el disco.
request-body-media = En el cuerpo de la solicitud, proporcione el contenido como { $media-type }.
optional-field = Opcional.
path-parameters = Parámetros de ruta
query-parameters = Parámetros de consulta
query-parameters-intro = Este método admite los siguientes parámetros de consulta de OData para personalizar la respuesta.
permission-least = Permisos con menos privilegios
permission-higher = Permisos con más privilegios
not-available = No disponible.
responses = Respuestas
status = Estado
response-body = Cuerpo
response-headers = Encabezados
no-response-body = Sin cuerpo.
response-default = { $body ->
    [none] Si se ejecuta correctamente, este método devuelve un código de respuesta { $status }. No devuelve nada en el cuerpo de la respuesta.
    [collection] Si se ejecuta correctamente, este método devuelve un código de respuesta { $status } y una colección de objetos { $type } en el cuerpo de la respuesta.
   *[other] { $kind ->
        [create] Si se ejecuta correctamente, este método devuelve un código de respuesta { $status } y el nuevo objeto { $type } en el cuerpo de la respuesta.
        [update] Si se ejecuta correctamente, este método devuelve un código de respuesta { $status } y el objeto { $type } actualizado en el cuerpo de la respuesta.
       *[other] Si se ejecuta correctamente, este método devuelve un código de respuesta { $status } y un objeto { $type } en el cuerpo de la respuesta.
    }
}
response-collection = El cuerpo de la respuesta es un objeto JSON cuya propiedad { $value } contiene los objetos { $type }. Cuando hay más resultados, { $next-link } contiene la URL de la página siguiente.
error-responses = Respuestas de error
error-responses-intro = Una solicitud con errores devuelve uno de los siguientes códigos de estado y, en el cuerpo de la respuesta, un objeto JSON con la propiedad { $error }: { $code } es un código de error legible por máquina, { $message } explica el error a los desarrolladores e { $innerError } contiene detalles como el identificador de la solicitud.
status-400 = La solicitud tiene un formato incorrecto o no es válida.
status-401 = La solicitud no tiene un token de acceso válido.
status-403 = El autor de la llamada no tiene los permisos necesarios para esta solicitud.
status-404 = El recurso solicitado no existe.
status-409 = La solicitud entra en conflicto con el estado actual del recurso.
status-412 = No se cumple una condición previa de la solicitud, como la ETag que indica.
status-429 = Demasiadas solicitudes: espere el tiempo indicado en `Retry-After` y vuelva a intentarlo.
status-500 = El servicio encontró un error interno.
status-503 = El servicio no está disponible temporalmente: vuelva a intentarlo más tarde.
status-other = La solicitud no se pudo completar.
see-also = Vea también
query-select = Selecciona las propiedades que se devuelven, como una lista separada por comas.
query-filter = Filtra los resultados con una expresión booleana.
query-count = Establézcalo en `true` para incluir el número total de resultados (`@odata.count`) en la respuesta.
query-search = Limita los resultados a los que coinciden con una expresión de búsqueda.
query-top = Establece el tamaño de página de los resultados.
query-skip = Omite el número de resultados indicado.
query-expand = Incluye recursos relacionados en la respuesta.
query-orderby = Ordena los resultados por las propiedades indicadas.
header-consistencylevel = Establézcalo en `eventual` cuando la solicitud use `$search`, `$count` o consultas `$filter` avanzadas; estas consultas usan un índice que puede no estar actualizado.
header-prefer = Pide al servicio un comportamiento, como `return=minimal`.
header-if-match = La ETag que el recurso aún debe tener para que la solicitud se complete.
header-location = La URL del recurso creado.
in-this-article = En este artículo
link-to-section = Vínculo a esta sección
link-copied = Vínculo copiado
site-navigation = Navegación de la referencia de API
overview = Información general
all-operations = Todas las operaciones
breadcrumb = Ruta de navegación
areas = Áreas
operations = Operaciones
pages = Páginas
types = Tipos
type-index = Índice de todos los tipos
type-kind-enum = Tipo de enumeración
type-kind-abstract = Tipo abstracto: un valor siempre es uno de sus tipos derivados.
type-kind-type = Tipo estructurado
base-types = Tipos base
members = Miembros
properties = Propiedades
read-only = Solo lectura
nullable = Admite valores null
allowed-values = Valores permitidos:
inherited-from = Heredado de
derived-types = Tipos derivados
used-by = Usado por
used-by-none = Ninguna operación de esta referencia usa este tipo directamente.
untranslated = aún no traducido
coverage = El { $percent } % de los { $total } mensajes está traducido del inglés actual; { $stale } traducciones están desactualizadas.
more-items = …y { $count } más.
choose-language = Elija su idioma
