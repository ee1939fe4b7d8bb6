import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import {
  kedaReplicaCountFormField,
  kedaScaffolderModule,
  kedaTriggersFormField,
} from './scaffolder';

describe('scaffolder form fields', () => {
  it.each([
    ['KedaTriggers', kedaTriggersFormField],
    ['KedaReplicaCount', kedaReplicaCountFormField],
  ])('loads the %s field', async (name, extension) => {
    // The extensions are exported with a plain type, so the output's type
    // is not known here.
    const loader = createExtensionTester(extension).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    ) as unknown as () => Promise<unknown>;
    const field = (await loader()) as {
      $$type: string;
      name?: string;
    };
    expect(field.$$type).toBe('@backstage/scaffolder/FormField');
    expect(JSON.stringify(field)).toContain(name);
  });

  it('is a module of the scaffolder plugin', () => {
    expect(kedaScaffolderModule).toMatchObject({ pluginId: 'scaffolder' });
  });
});
