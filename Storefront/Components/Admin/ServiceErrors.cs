using Microsoft.AspNetCore.Components.Forms;
using Storefront.Services;

namespace Storefront.Components.Admin;

/// <summary>Shows a service's refusal of a form's values on the fields it names, as the form's own checks would.</summary>
internal static class ServiceErrors
{
    public static void Show(EditContext form, ValidationMessageStore messages, IReadOnlyDictionary<string, string[]> errors, string detail)
    {
        messages.Clear();
        foreach (var (name, texts) in errors)
        {
            var field = ProductFields.All.FirstOrDefault(field => string.Equals(field.ApiName, name, StringComparison.OrdinalIgnoreCase));
            messages.Add(field is null ? new FieldIdentifier(form.Model, "") : form.Field(field.Property), texts);
        }

        if (errors.Count == 0)
        {
            messages.Add(new FieldIdentifier(form.Model, ""), detail);
        }

        form.NotifyValidationStateChanged();
    }
}
